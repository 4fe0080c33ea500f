package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.MetricNames;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guide's names that the Prometheus Java client 1.x refuses: it reserves the suffixes {@code _total},
 * {@code _created} and {@code _info} (OpenMetrics), so Micrometer would scrape {@code focus_api_users_total}
 * (a gauge) as {@code focus_api_users}, {@code focus_api_activities_created_total} as
 * {@code focus_api_activities_total} (colliding with {@code focus_api_challenges_total} for challenges) and
 * {@code focus_api_info} as {@code focus_api}. These series are written here into the Prometheus registry
 * with the guide's exact names; the Micrometer registries (CloudWatch) get ordinary meters instead.
 *
 * <p>The client validates names when metadata is built, so the exact name is set on the metadata after
 * validation ({@link #metadata}); if that ever fails, these series are left out rather than renamed, and a
 * scrape never throws because of them. Every name it is used for is a valid Prometheus name in the text and
 * protobuf formats the Pushgateway and Prometheus read; only OpenMetrics reserves these suffixes.
 */
public final class ExactNamesCollector implements MultiCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ExactNamesCollector.class);

    private final String functionName;
    private final Map<String, String> info;
    private final boolean enabled;
    private volatile boolean renameBroken;
    private volatile boolean renameFailureLogged;
    private final ConcurrentMap<String, Family<AtomicLong>> gauges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Family<DoubleAdder>> counters = new ConcurrentHashMap<>();

    /** One metric name: its label name (or null) and one value holder per label value. */
    private record Family<T>(String labelName, ConcurrentMap<String, T> values) {}

    public ExactNamesCollector(String functionName, Map<String, String> infoLabels) {
        this(functionName, infoLabels, true);
    }

    /**
     * @param enabled false ({@code METRICS_ENABLED=false}): nothing is kept and nothing is exposed, not even
     *                {@code focus_api_info}; the holders handed out are thrown away
     */
    public ExactNamesCollector(String functionName, Map<String, String> infoLabels, boolean enabled) {
        this.functionName = functionName;
        this.info = infoLabels;
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The value of gauge {@code name{labelName=labelValue}}; labelName null for an unlabelled gauge. */
    public AtomicLong gauge(String name, String labelName, String labelValue) {
        if (!enabled) {
            return new AtomicLong();
        }
        return gauges.computeIfAbsent(name, k -> new Family<>(labelName, new ConcurrentHashMap<>()))
                .values()
                .computeIfAbsent(labelValue == null ? "" : labelValue, k -> new AtomicLong());
    }

    /** The counter exposed as {@code name} (which ends in {@code _total}), for one label value. */
    public DoubleAdder counter(String name, String labelName, String labelValue) {
        if (!enabled) {
            return new DoubleAdder();
        }
        return counters.computeIfAbsent(name, k -> new Family<>(labelName, new ConcurrentHashMap<>()))
                .values()
                .computeIfAbsent(labelValue == null ? "" : labelValue, k -> new DoubleAdder());
    }

    @Override
    public MetricSnapshots collect() {
        if (!enabled) {
            return new MetricSnapshots();
        }
        // A scrape or push must never fail because of these series: each family is built on its own, a family
        // whose exact name cannot be set is left out, and a duplicate name (which would make MetricSnapshots
        // throw, failing the whole scrape) is dropped.
        Map<String, MetricSnapshot> byName = new LinkedHashMap<>();
        try {
            Labels infoLabels = Labels.of("function", functionName);
            for (Map.Entry<String, String> e : info.entrySet()) {
                infoLabels = infoLabels.add(e.getKey(), e.getValue());
            }
            add(
                    byName,
                    InfoSnapshot.builder()
                            .name("focus_api")
                            .help(MetricNames.help(MetricNames.INFO))
                            .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                                    .labels(infoLabels)
                                    .build())
                            .build());
        } catch (RuntimeException e) {
            LOG.warn("focus_api_info left out of the scrape: {}", e.toString());
        }
        gauges.forEach((name, family) -> {
            try {
                MetricMetadata metadata = metadata(name, MetricNames.help(name));
                if (metadata != null) {
                    List<GaugeSnapshot.GaugeDataPointSnapshot> points = new ArrayList<>();
                    family.values()
                            .forEach((labelValue, value) -> points.add(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                    .value(value.get())
                                    .labels(labels(family.labelName(), labelValue))
                                    .build()));
                    add(byName, new GaugeSnapshot(metadata, points));
                }
            } catch (RuntimeException e) {
                LOG.warn("{} left out of the scrape: {}", name, e.toString());
            }
        });
        counters.forEach((name, family) -> {
            try {
                // The writers append _total to a counter's name.
                MetricMetadata metadata =
                        metadata(name.substring(0, name.length() - "_total".length()), MetricNames.help(name));
                if (metadata != null) {
                    List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();
                    family.values()
                            .forEach(
                                    (labelValue, value) -> points.add(CounterSnapshot.CounterDataPointSnapshot.builder()
                                            .value(value.sum())
                                            .labels(labels(family.labelName(), labelValue))
                                            .build()));
                    add(byName, new CounterSnapshot(metadata, points));
                }
            } catch (RuntimeException e) {
                LOG.warn("{} left out of the scrape: {}", name, e.toString());
            }
        });
        try {
            return new MetricSnapshots(new ArrayList<>(byName.values()));
        } catch (RuntimeException e) {
            LOG.warn("Exact-name series left out of the scrape: {}", e.toString());
            return new MetricSnapshots();
        }
    }

    private static void add(Map<String, MetricSnapshot> byName, MetricSnapshot snapshot) {
        String name = snapshot.getMetadata().getPrometheusName();
        if (byName.putIfAbsent(name, snapshot) != null) {
            LOG.warn("Two exact-name series would be exposed as {}: the second is left out", name);
        }
    }

    private Labels labels(String labelName, String labelValue) {
        Labels labels = Labels.of("function", functionName);
        return labelName == null ? labels : labels.add(labelName, labelValue);
    }

    /** Tests: behave as if the Prometheus client's internals had changed and renaming were impossible. */
    void simulateRenameFailure() {
        this.renameBroken = true;
    }

    /**
     * Metadata whose exposed name is exactly {@code exactName}, or null when it cannot be set. Built under a
     * placeholder that passes the client's OpenMetrics checks, then renamed. Should the client's internals
     * change, the series is left out (logged once) rather than exposed under the client's sanitised name: that
     * name drops the reserved suffixes, so {@code focus_api_challenges_total} (gauge) and
     * {@code focus_api_challenges_created_total} (counter) would both become {@code focus_api_challenges}
     * and the duplicate would fail the whole scrape and push.
     */
    MetricMetadata metadata(String exactName, String help) {
        MetricMetadata metadata = new MetricMetadata("focus_api_exact_name_placeholder", help);
        try {
            if (renameBroken) {
                throw new NoSuchFieldException("prometheusName (simulated)");
            }
            for (String fieldName : new String[] {"name", "prometheusName"}) {
                Field field = MetricMetadata.class.getDeclaredField(fieldName);
                field.setAccessible(true);
                field.set(metadata, exactName);
            }
            return metadata;
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!renameFailureLogged) {
                renameFailureLogged = true;
                LOG.warn(
                        "Cannot expose {} under its exact name ({}); the exact-name business series are left out of "
                                + "Prometheus (CloudWatch is unaffected)",
                        exactName,
                        e.toString());
            }
            return null;
        }
    }
}
