package com.focusapi.benchmarks.cache;

import com.focusapi.shared.cache.CacheService;
import com.focusapi.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * A cache hit through {@link CacheService} (breaker, timeout, metrics, JSON decoding into a record) against a
 * raw Lettuce GET of the same stored bytes on its own connection, on a local Redis: the ratio is the price of
 * the service's safety nets over the network round trip they wrap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheHitBenchmark {
    public record AppEntry(String appName, int totalMinutes, double totalHours, int sessionCount) {}

    public record DailyStats(LocalDate date, int totalMinutes, int appsUsed, String mostUsedApp, List<AppEntry> apps) {}

    private static final String KEY = "user:123:stats:daily:2024-10-30";

    private RedisServer redis;
    private ApplicationContext context;
    private CacheService cache;
    private RedisClient rawClient;
    private StatefulRedisConnection<String, String> rawConnection;
    private RedisCommands<String, String> raw;
    private String physicalKey;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper =
            com.focusapi.shared.http.JsonConventions.configure(new com.fasterxml.jackson.databind.ObjectMapper());

    @Setup(Level.Trial)
    public void setUp() {
        redis = RedisServer.start();
        context = ApplicationContext.run(Map.of("redis.url", redis.url(), "cache.namespace", "bench"));
        cache = context.getBean(CacheService.class);
        DailyStats stats = new DailyStats(
                LocalDate.of(2024, 10, 30),
                95,
                3,
                "instagram",
                List.of(
                        new AppEntry("instagram", 60, 1.0, 4),
                        new AppEntry("tiktok", 25, 0.42, 2),
                        new AppEntry("chrome", 10, 0.17, 1)));
        if (!cache.set(KEY, stats, Duration.ofHours(1))) {
            throw new IllegalStateException("could not seed the cache");
        }
        physicalKey = "bench:v1:{user:123}:stats:daily:2024-10-30";
        rawClient = RedisClient.create(redis.url());
        rawConnection = rawClient.connect();
        raw = rawConnection.sync();
        if (raw.get(physicalKey) == null) {
            throw new IllegalStateException("raw key not found: " + physicalKey);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        rawConnection.close();
        rawClient.shutdown();
        context.close();
        redis.stop();
    }

    @Benchmark
    public DailyStats cacheServiceHit() {
        return cache.get(KEY, DailyStats.class).orElseThrow();
    }

    @Benchmark
    public String rawLettuceGet() {
        return raw.get(physicalKey);
    }

    /** The raw GET plus the same JSON decoding: what is left between this and the hit is the service's own cost. */
    @Benchmark
    public DailyStats rawLettuceGetAndDecode() throws java.io.IOException {
        return mapper.readValue(raw.get(physicalKey), DailyStats.class);
    }
}
