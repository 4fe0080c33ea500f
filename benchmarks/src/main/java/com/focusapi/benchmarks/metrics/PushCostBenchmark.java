package com.focusapi.benchmarks.metrics;

import com.focusapi.shared.metrics.HttpMetricsFilter;
import com.focusapi.shared.metrics.MetricsPublishing;
import com.focusapi.shared.metrics.MetricsSettings;
import com.focusapi.shared.metrics.PushgatewaySettings;
import com.focusapi.testsupport.PushgatewayServer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client-visible cost of publishing to a real Pushgateway (Debian's prometheus-pushgateway on
 * loopback), with a registry of realistic size (20 routes' HTTP meters):
 * <ul>
 *   <li>{@code afterInvocation}: what the request thread does in the chosen design (hand the push to the
 *       publisher thread; pushes that pile up are merged);</li>
 *   <li>{@code synchronousPush}: the alternative of pushing before answering (what a client would wait).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PushCostBenchmark {
    @Param({"0", "1000"})
    public long minIntervalMs;

    private PushgatewayServer pushgateway;
    private MetricsPublishing publishing;
    private HttpMetricsFilter filter;
    private long i;

    @Setup(Level.Trial)
    public void setUp() {
        pushgateway = PushgatewayServer.start();
        PushgatewaySettings settings = new PushgatewaySettings();
        settings.setUrl(pushgateway.url());
        settings.setMinIntervalMs(minIntervalMs);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().commonTags("function", "bench");
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(prometheus);
        filter = new HttpMetricsFilter(composite);
        for (int route = 0; route < 20; route++) {
            filter.record("GET", "/api/route" + route + "/{id}", 200, 1_000_000);
            filter.record("GET", "/api/route" + route + "/{id}", 404, 1_000_000);
        }
        publishing = new MetricsPublishing(settings, new MetricsSettings(), prometheus, composite, null, "bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        publishing.close();
        pushgateway.close();
    }

    /** One request's metrics, then the end-of-invocation hook: all the client waits for. */
    @Benchmark
    public void afterInvocation() {
        filter.record("GET", "/api/route1/{id}", 200, 1_000_000 + (i++ & 0xffff));
        publishing.afterInvocation();
    }

    /** The rejected alternative: push the registry before the response leaves. */
    @Benchmark
    public boolean synchronousPush() {
        filter.record("GET", "/api/route1/{id}", 200, 1_000_000 + (i++ & 0xffff));
        return publishing.flush(Duration.ofSeconds(5));
    }
}
