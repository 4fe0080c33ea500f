package com.focusapi.shared.testing.internal;

import com.focusapi.shared.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;

/**
 * Reads the statement counter the JDBC proxy keeps ({@code focus_api_db_queries_total}, one series per
 * operation), from the registry Prometheus scrapes. Loaded only by suites that count statements (focus-metrics
 * is an optional dependency here).
 */
public final class QueryCounter {
    private QueryCounter() {}

    public static long total(ApplicationContext context) {
        double sum = context.getBean(PrometheusMeterRegistry.class).find(MetricNames.DB_QUERIES).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        return Math.round(sum);
    }
}
