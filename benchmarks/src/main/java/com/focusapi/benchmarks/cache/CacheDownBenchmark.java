package com.focusapi.benchmarks.cache;

import com.focusapi.shared.cache.CacheService;
import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a request pays for the cache while Redis is down and the breaker is open: {@code getOrLoad} around a
 * loader versus the loader alone (the difference is the added latency per request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheDownBenchmark {
    private RedisServer redis;
    private ApplicationContext context;
    private CacheService cache;
    private final Supplier<Integer> loader = () -> 42;

    @Setup(Level.Trial)
    public void setUp() {
        redis = RedisServer.start();
        // The breaker stays open for the whole run once it has opened.
        context = ApplicationContext.run(
                Map.of("redis.url", redis.url(), "cache.namespace", "bench-down", "cache.breaker-open-ms", 3_600_000));
        cache = context.getBean(CacheService.class);
        redis.stop();
        for (int i = 0; i < 20; i++) {
            cache.get("user:1:stats", Integer.class);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
        redis.stop();
    }

    @Benchmark
    public Integer loaderAlone() {
        return loader.get();
    }

    @Benchmark
    public Integer getOrLoadRedisDownBreakerOpen() {
        return cache.getOrLoad("user:1:stats", Duration.ofMinutes(10), Integer.class, loader);
    }
}
