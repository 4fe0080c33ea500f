package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.QueryType;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.listener.QueryUtils;

/**
 * Counts and times every statement execution that goes through the proxied DataSource, labelled by
 * {@code operation} (SELECT, INSERT, UPDATE, DELETE, OTHER: the first keyword, as datasource-proxy reads
 * it). A batch counts as one execution of the type of its first statement. The proxy's own elapsed time is
 * in whole milliseconds, too coarse for sub-millisecond queries, so the time is taken here in nanoseconds.
 */
public final class JdbcMetricsListener implements QueryExecutionListener {
    private static final String START = "focus.metrics.start";

    private final Map<QueryType, Counter> counters = new EnumMap<>(QueryType.class);
    private final Map<QueryType, Timer> timers = new EnumMap<>(QueryType.class);

    /** True while SnapStart priming runs: its {@code SELECT 1} is not the function's traffic. */
    private final BooleanSupplier priming;

    public JdbcMetricsListener(MeterRegistry registry, BooleanSupplier priming) {
        this.priming = priming;
        Duration[] buckets = MetricNames.DURATION_BUCKETS_SECONDS.stream()
                .map(s -> Duration.ofNanos((long) (s * 1_000_000_000L)))
                .toArray(Duration[]::new);
        for (QueryType type : QueryType.values()) {
            counters.put(
                    type,
                    Counter.builder(MetricNames.DB_QUERIES)
                            .description("SQL statements executed")
                            .tag(MetricNames.TAG_OPERATION, type.name())
                            .register(registry));
            timers.put(
                    type,
                    Timer.builder(MetricNames.DB_QUERY_DURATION)
                            .description("SQL statement duration")
                            .tag(MetricNames.TAG_OPERATION, type.name())
                            .serviceLevelObjectives(buckets)
                            .register(registry));
        }
    }

    @Override
    public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        execInfo.addCustomValue(START, System.nanoTime());
    }

    @Override
    public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
        if (priming.getAsBoolean()) {
            return;
        }
        Long start = execInfo.getCustomValue(START, Long.class);
        QueryType type = queryInfoList.isEmpty()
                ? QueryType.OTHER
                : QueryUtils.getQueryType(queryInfoList.get(0).getQuery());
        counters.get(type).increment();
        long elapsed =
                start != null ? System.nanoTime() - start : TimeUnit.MILLISECONDS.toNanos(execInfo.getElapsedTime());
        timers.get(type).record(elapsed, TimeUnit.NANOSECONDS);
    }
}
