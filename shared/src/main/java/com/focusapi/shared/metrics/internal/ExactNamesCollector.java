package com.focusapi.shared.metrics.internal;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The guide's names that the Prometheus Java client 1.x refuses: it reserves the suffixes {@code _total},
 * {@code _created} and {@code _info} (OpenMetrics), so Micrometer would scrape {@code focus_api_users_total}
 * (a gauge) as {@code focus_api_users}, {@code focus_api_activities_created_total} as
 * {@code focus_api_activities_total} (colliding with {@code focus_api_challenges_total} for challenges) and
 * {@code focus_api_info} as {@code focus_api}. These series are written here into the Prometheus registry
 * with the guide's exact names; the Micrometer registries (CloudWatch) get ordinary meters instead.
 *
 * <p>The client validates names when metadata is built, so the exact name is set on the metadata after
 * validation ({@link #metadata}). Every name it is used for is a valid Prometheus name in the text and
 * protobuf formats the Pushgateway and Prometheus read; only OpenMetrics reserves these suffixes.
 */
public final class ExactNamesCollector implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ExactNamesCollector.class);

    private final String functionName;
    private final Map<String, String> info;
    private final ConcurrentMap<String, Family<AtomicLong>> gauges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Family<DoubleAdder>> counters = new ConcurrentHashMap<>();

    /** One metric name: its label name (or null) and one value holder per label value. */
    private record Family<T>(String labelName, ConcurrentMap<String, T> values) {
    }

    public ExactNamesCollector(String functionName, Map<String, String> infoLabels) {
        this.functionName = functionName;
        this.info = infoLabels;
    }

    /** The value of gauge {@code name{labelName=labelValue}}; labelName null for an unlabelled gauge. */
    public AtomicLong gauge(String name, String labelName, String labelValue) {
        return gauges.computeIfAbsent(name, k -> new Family<>(labelName, new ConcurrentHashMap<>()))
                .values().computeIfAbsent(labelValue == null ? "" : labelValue, k -> new AtomicLong());
    }

    /** The counter exposed as {@code name} (which ends in {@code _total}), for one label value. */
    public DoubleAdder counter(String name, String labelName, String labelValue) {
        return counters.computeIfAbsent(name, k -> new Family<>(labelName, new ConcurrentHashMap<>()))
                .values().computeIfAbsent(labelValue == null ? "" : labelValue, k -> new DoubleAdder());
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        Labels infoLabels = Labels.of("function", functionName);
        for (Map.Entry<String, String> e : info.entrySet()) {
            infoLabels = infoLabels.add(e.getKey(), e.getValue());
        }
        snapshots.add(InfoSnapshot.builder().name("focus_api").help("Focus API build information")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(infoLabels).build()).build());
        gauges.forEach((name, family) -> {
            List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
            family.values().forEach((labelValue, value) -> points.add(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .value(value.get()).labels(labels(family.labelName(), labelValue)).build()));
            snapshots.add(new GaugeSnapshot(metadata(name, "Set by the scheduled business gauges function"), points));
        });
        counters.forEach((name, family) -> {
            List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();
            family.values().forEach((labelValue, value) -> points.add(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .value(value.sum()).labels(labels(family.labelName(), labelValue)).build()));
            // The writers append _total to a counter's name.
            snapshots.add(new CounterSnapshot(metadata(name.substring(0, name.length() - "_total".length()), name), points));
        });
        return new MetricSnapshots(snapshots);
    }

    private Labels labels(String labelName, String labelValue) {
        Labels labels = Labels.of("function", functionName);
        return labelName == null ? labels : labels.add(labelName, labelValue);
    }

    /**
     * Metadata whose exposed name is exactly {@code exactName}. Built under a placeholder that passes the
     * client's OpenMetrics checks, then renamed; should the client's internals change, the sanitised name is
     * used instead (logged), never an exception.
     */
    static MetricMetadata metadata(String exactName, String help) {
        MetricMetadata metadata = new MetricMetadata("focus_api_exact_name_placeholder", help);
        try {
            for (String fieldName : new String[] {"name", "prometheusName"}) {
                Field field = MetricMetadata.class.getDeclaredField(fieldName);
                field.setAccessible(true);
                field.set(metadata, exactName);
            }
            return metadata;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Cannot expose {} under its exact name ({}); using the client's sanitised name", exactName, e.toString());
            return new MetricMetadata(io.prometheus.metrics.model.snapshots.PrometheusNaming.sanitizeMetricName(exactName), help);
        }
    }
}
