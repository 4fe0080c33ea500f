package com.focusapi.shared.metrics.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guide's names that the Prometheus client 1.x cannot give a Micrometer gauge: it strips {@code _total}
 * and {@code _info} from gauge names ({@code focus_api_users_total} would be scraped as
 * {@code focus_api_users}). These series are written here straight into the Prometheus registry:
 * {@code focus_api_info} as an info metric and the {@code *_total} business gauges as counter-typed
 * series whose value the scheduled gauges function sets (it may go down: read them as gauges, not with
 * {@code rate()}). The Micrometer registries (CloudWatch) get ordinary gauges of the same values instead.
 */
public final class ExactNamesCollector implements MultiCollector {
    private final String functionName;
    private final Map<String, String> info;
    /** base name (without _total) -> label value -> value; the label name per base name below. */
    private final ConcurrentMap<String, ConcurrentMap<String, AtomicLong>> totals = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> labelNames = new ConcurrentHashMap<>();

    public ExactNamesCollector(String functionName, Map<String, String> infoLabels) {
        this.functionName = functionName;
        this.info = infoLabels;
    }

    /** The holder of {@code baseName{labelName=labelValue}}; {@code labelName} null for an unlabelled series. */
    public AtomicLong total(String baseName, String labelName, String labelValue) {
        if (labelName != null) {
            labelNames.put(baseName, labelName);
        }
        return totals.computeIfAbsent(baseName, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(labelValue == null ? "" : labelValue, k -> new AtomicLong());
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        InfoSnapshot.InfoDataPointSnapshot.Builder infoPoint = InfoSnapshot.InfoDataPointSnapshot.builder();
        Labels infoLabels = Labels.of("function", functionName);
        for (Map.Entry<String, String> e : info.entrySet()) {
            infoLabels = infoLabels.add(e.getKey(), e.getValue());
        }
        snapshots.add(InfoSnapshot.builder().name(stripSuffix("focus_api_info", "_info"))
                .help("Focus API build information").dataPoint(infoPoint.labels(infoLabels).build()).build());
        totals.forEach((base, values) -> {
            CounterSnapshot.Builder counter = CounterSnapshot.builder().name(base).help(base + "_total, set by the scheduled gauges function");
            String labelName = labelNames.get(base);
            values.forEach((labelValue, value) -> {
                Labels labels = Labels.of("function", functionName);
                if (labelName != null) {
                    labels = labels.add(labelName, labelValue);
                }
                counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value.get()).labels(labels).build());
            });
            snapshots.add(counter.build());
        });
        return new MetricSnapshots(snapshots);
    }

    public static String stripSuffix(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
