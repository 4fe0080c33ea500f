package com.focusapi.benchmarks.metrics;

import com.focusapi.shared.metrics.HttpMetricsFilter;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one request pays to be counted: the HTTP filter's recording (requests counter, duration histogram
 * with the guide's buckets, error counter on 4xx/5xx) into the composite registry the functions use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpMetricsBenchmark {
    private HttpMetricsFilter filter;
    private long i;

    @Setup
    public void setUp() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().commonTags("function", "bench");
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        filter = new HttpMetricsFilter(composite);
    }

    @Benchmark
    public void recordSuccess() {
        filter.record("GET", "/api/users/{id}/stats", 200, 1_000_000 + (i++ & 0xffff));
    }

    @Benchmark
    public void recordError() {
        filter.record("POST", "/api/activities", 422, 3_000_000 + (i++ & 0xffff));
    }
}
