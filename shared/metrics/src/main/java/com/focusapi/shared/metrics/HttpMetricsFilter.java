package com.focusapi.shared.metrics;

import com.focusapi.shared.lambda.SnapStartPriming;
import com.focusapi.shared.metrics.internal.HttpLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The four HTTP metrics of the guide, recorded by the one server filter that every request crosses, in
 * Lambda (the API Gateway proxy runs the same Micronaut pipeline) and in the local API alike. Labels are
 * bounded: {@code endpoint} is the route template, never the raw path.
 *
 * <p>Meters are cached per label set, so the steady-state cost of a request is two map look-ups and a
 * few atomic increments (measured in BENCHMARKS.md), not a registry look-up per meter.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class HttpMetricsFilter implements Ordered {
    private static final String START = HttpMetricsFilter.class.getName() + ".start";
    private static final String IN_PROGRESS = HttpMetricsFilter.class.getName() + ".inProgress";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Meters> meters = new ConcurrentHashMap<>();
    private final Duration[] buckets;

    /** SnapStart priming's requests are not traffic: they are not recorded. */
    private final BooleanSupplier priming;

    /** Without SnapStart priming (the benchmarks). */
    public HttpMetricsFilter(MeterRegistry registry) {
        this(registry, () -> false);
    }

    @Inject
    public HttpMetricsFilter(MeterRegistry registry, SnapStartPriming priming) {
        this(registry, priming::isPriming);
    }

    private HttpMetricsFilter(MeterRegistry registry, BooleanSupplier priming) {
        this.registry = registry;
        this.priming = priming;
        this.buckets = MetricNames.DURATION_BUCKETS_SECONDS.stream()
                .map(s -> Duration.ofNanos((long) (s * 1_000_000_000L)))
                .toArray(Duration[]::new);
    }

    /** In the metrics phase: after the lifecycle filter (FIRST), before security and the controller. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.METRICS.order();
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        if (priming.getAsBoolean()) {
            return; // finish() then finds no start and records nothing either
        }
        String method = HttpLabels.method(request);
        String endpoint = HttpLabels.endpoint(request);
        AtomicInteger gauge = inProgress.computeIfAbsent(method + ' ' + endpoint, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(MetricNames.HTTP_REQUESTS_IN_PROGRESS, value, AtomicInteger::get)
                    .description("HTTP requests being served")
                    .tag(MetricNames.TAG_METHOD, method)
                    .tag(MetricNames.TAG_ENDPOINT, endpoint)
                    .register(registry);
            return value;
        });
        gauge.incrementAndGet();
        request.setAttribute(IN_PROGRESS, gauge);
        request.setAttribute(START, System.nanoTime());
    }

    @ResponseFilter
    public void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Long start = request.getAttribute(START, Long.class).orElse(null);
        if (start == null) {
            return; // the request filter never ran (rejected before routing): nothing to close
        }
        request.getAttribute(IN_PROGRESS, AtomicInteger.class).ifPresent(AtomicInteger::decrementAndGet);
        request.removeAttribute(START, Long.class);
        long elapsed = System.nanoTime() - start;
        record(HttpLabels.method(request), HttpLabels.endpoint(request), response.code(), elapsed);
    }

    /** Records one finished request; public so the benchmark measures exactly what a request pays. */
    public void record(String method, String endpoint, int status, long elapsedNanos) {
        Meters m = meters.computeIfAbsent(method + ' ' + endpoint, k -> new Meters(method, endpoint));
        m.requests(status).increment();
        m.duration.record(elapsedNanos, TimeUnit.NANOSECONDS);
        if (status >= 400) {
            m.errors(status).increment();
        }
    }

    /** The meters of one (method, endpoint): the status-labelled ones are created on first use. */
    private final class Meters {
        private final String method;
        private final String endpoint;
        private final Timer duration;
        private final ConcurrentMap<Integer, Counter> requests = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

        Meters(String method, String endpoint) {
            this.method = method;
            this.endpoint = endpoint;
            this.duration = Timer.builder(MetricNames.HTTP_REQUEST_DURATION)
                    .description("HTTP request duration")
                    .tag(MetricNames.TAG_METHOD, method)
                    .tag(MetricNames.TAG_ENDPOINT, endpoint)
                    .serviceLevelObjectives(buckets)
                    .register(registry);
        }

        Counter requests(int status) {
            return requests.computeIfAbsent(
                    status,
                    s -> Counter.builder(MetricNames.HTTP_REQUESTS)
                            .description("HTTP requests")
                            .tag(MetricNames.TAG_METHOD, method)
                            .tag(MetricNames.TAG_ENDPOINT, endpoint)
                            .tag(MetricNames.TAG_STATUS, String.valueOf(s))
                            .register(registry));
        }

        Counter errors(int status) {
            String type = HttpLabels.errorType(status);
            return errors.computeIfAbsent(
                    type,
                    t -> Counter.builder(MetricNames.HTTP_ERRORS)
                            .description("HTTP responses with a 4xx or 5xx status")
                            .tag(MetricNames.TAG_METHOD, method)
                            .tag(MetricNames.TAG_ENDPOINT, endpoint)
                            .tag(MetricNames.TAG_ERROR_TYPE, t)
                            .register(registry));
        }
    }
}
