package com.focusapi.shared.cache.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The guide's cache metrics. Micrometer names render in Prometheus as {@code focus_api_cache_hits_total},
 * {@code focus_api_cache_misses_total} and {@code focus_api_cache_operations_duration_seconds{operation}}.
 * The {@code operation} label takes the few fixed names of {@code RedisGuard} calls only.
 */
public final class CacheMetrics {
    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.hits = Counter.builder("focus_api_cache_hits")
                .description("Cache look-ups that found a stored value")
                .register(registry);
        this.misses = Counter.builder("focus_api_cache_misses")
                .description("Cache look-ups that found nothing")
                .register(registry);
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public void operation(String operation, long nanos) {
        timers.computeIfAbsent(
                        operation,
                        op -> Timer.builder("focus_api_cache_operations_duration")
                                .description("Time taken by a Redis cache operation")
                                .tag("operation", op)
                                // A few buckets around what Redis answers in (sub-millisecond to the timeout).
                                .serviceLevelObjectives(
                                        Duration.ofMillis(1),
                                        Duration.ofMillis(5),
                                        Duration.ofMillis(10),
                                        Duration.ofMillis(25),
                                        Duration.ofMillis(50),
                                        Duration.ofMillis(100),
                                        Duration.ofMillis(250))
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
