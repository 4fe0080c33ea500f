package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.focusapi.testsupport.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every method of the API against a real Redis 7. */
class CacheServiceTest {
    record Stats(long userId, int totalMinutes, LocalDate date, List<String> topApps) {}

    private static RedisServer redis;
    private ApplicationContext context;
    private CacheService cache;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void start() {
        context = CacheContexts.start(redis.url());
        cache = context.getBean(CacheService.class);
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void typedValuesRoundTrip() {
        Stats stats = new Stats(123, 42, LocalDate.of(2024, 10, 30), List.of("instagram", "tiktok"));
        assertThat(cache.set("user:123:stats", stats, Duration.ofMinutes(10))).isTrue();
        assertThat(cache.get("user:123:stats", Stats.class)).contains(stats);

        List<Stats> list = List.of(stats, new Stats(124, 0, LocalDate.of(2024, 10, 31), List.of()));
        cache.set("user:123:history", list);
        assertThat(cache.get("user:123:history", Argument.listOf(Stats.class))).contains(list);

        Map<String, Integer> map = Map.of("instagram", 30, "tiktok", 12);
        cache.set("user:123:apps", map);
        assertThat(cache.get("user:123:apps", Argument.mapOf(String.class, Integer.class)))
                .contains(map);

        cache.set("user:123:count", 7);
        assertThat(cache.get("user:123:count", Integer.class)).contains(7);
        cache.set("user:123:flag", true);
        assertThat(cache.get("user:123:flag", Boolean.class)).contains(true);
    }

    @Test
    void falsyValuesAreHitsAndAbsenceIsDistinct() {
        cache.set("user:1:flag", false);
        cache.set("user:1:count", 0);
        cache.set("user:1:list", List.of());
        assertThat(cache.get("user:1:flag", Boolean.class)).contains(false);
        assertThat(cache.get("user:1:count", Integer.class)).contains(0);
        assertThat(cache.get("user:1:list", Argument.listOf(String.class))).contains(List.of());
        assertThat(cache.get("user:1:absent", Boolean.class)).isEmpty();

        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.getOrLoad("user:1:zero", Duration.ofMinutes(1), Integer.class, () -> {
                        loads.incrementAndGet();
                        return 0;
                    }))
                    .isZero();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void anEntryOfAnotherShapeIsAMissThatTheLoaderReplaces() {
        String ns = context.getBean(CacheSettings()).getNamespace();
        Stats fresh = new Stats(11, 5, LocalDate.of(2024, 10, 30), List.of("books"));
        // Written by another version of the code: a list where a Stats object is expected.
        cache.set("user:11:stats", List.of("not", "stats"));
        assertThat(cache.get("user:11:stats", Stats.class)).isEmpty();
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.getOrLoad("user:11:stats", Duration.ofMinutes(1), Stats.class, () -> {
                        loads.incrementAndGet();
                        return fresh;
                    }))
                    .isEqualTo(fresh);
        }
        assertThat(loads).hasValue(1);
        assertThat(cache.get("user:11:stats", Stats.class)).contains(fresh);

        // A string where a number is expected, and a JSON null: the same.
        cache.set("user:11:count", "many");
        assertThat(cache.getOrLoad("user:11:count", Duration.ofMinutes(1), Integer.class, () -> 3))
                .isEqualTo(3);
        assertThat(cache.get("user:11:count", Integer.class)).contains(3);
        redis.cli("set", ns + ":v1:{user:11}:flag", "null");
        assertThat(cache.getOrLoad("user:11:flag", Duration.ofMinutes(1), Boolean.class, () -> true))
                .isTrue();
        assertThat(cache.get("user:11:flag", Boolean.class)).contains(true);
    }

    @Test
    void badTtlsAndKeysNeverThrow() {
        String ns = context.getBean(CacheSettings()).getNamespace();
        try (ApplicationContext zeroTtl = CacheContexts.start(redis.url(), "cache.ttl", 0, "cache.namespace", ns)) {
            CacheService zero = zeroTtl.getBean(CacheService.class);
            // CACHE_TTL=0 falls back to 300 s.
            assertThat(zero.defaultTtl()).isEqualTo(Duration.ofSeconds(300));
            assertThat(zero.set("user:13:profile", "p")).isTrue();
            assertThat(zero.getOrLoad("user:13:count", Integer.class, () -> 1)).isEqualTo(1);
            assertThat(zero.get("user:13:count", Integer.class)).contains(1);
        }
        assertThat(cache.set("user:13:stats", 1, Duration.ZERO)).isFalse();
        assertThat(cache.set("user:13:stats", 1, Duration.ofSeconds(-1))).isFalse();
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.getOrLoad("user:13:stats", Duration.ZERO, Integer.class, loads::incrementAndGet))
                .isEqualTo(1);
        // Not stored, and the single-flight lock was released.
        assertThat(cache.exists("user:13:stats")).isFalse();
        assertThat(redis.cli("exists", ns + ":v1:{user:13}:stats~lock").trim()).isEqualTo("0");
        assertThat(cache.getOrLoad("user:13:stats", Duration.ofMinutes(1), Integer.class, loads::incrementAndGet))
                .isEqualTo(2);
        assertThat(cache.get("user:13:stats", Integer.class)).contains(2);

        assertThat(cache.get("user 13", String.class)).isEmpty();
        assertThat(cache.set("user:{13}", "x")).isFalse();
        assertThat(cache.getOrLoad("user:13:*", Integer.class, () -> 9)).isEqualTo(9);
        assertThat(cache.delete("")).isFalse();
        assertThat(cache.invalidateTag("user:1 3")).isZero();
    }

    @Test
    void existsDeleteAndTtl() {
        cache.set("user:5:profile", "x", Duration.ofSeconds(300));
        assertThat(cache.exists("user:5:profile")).isTrue();
        String physical = context.getBean(CacheSettings()).getNamespace() + ":v1:{user:5}:profile";
        long pttl = Long.parseLong(redis.cli("pttl", physical).trim());
        // The jitter only ever shortens the TTL, by at most 10 %.
        assertThat(pttl).isBetween(269_000L, 300_000L);

        assertThat(cache.delete("user:5:profile")).isTrue();
        assertThat(cache.exists("user:5:profile")).isFalse();
        assertThat(cache.delete("user:5:profile")).isFalse();
    }

    @Test
    void jitterSpreadsKeysWrittenTogether() {
        String ns = context.getBean(CacheSettings()).getNamespace();
        java.util.Set<Long> ttls = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            cache.set("item:" + i, i, Duration.ofSeconds(600));
            ttls.add(Long.parseLong(
                            redis.cli("pttl", ns + ":v1:{item:" + i + "}").trim())
                    / 100);
        }
        assertThat(ttls).hasSizeGreaterThan(5);
    }

    @Test
    void deletePatternMatchesOnlyItsPatternInItsNamespace() {
        cache.set("user:1:stats", 1);
        cache.set("user:2:stats", 2);
        cache.set("user:2:profile", "p");
        cache.set("challenge:1:leaderboard", List.of());
        redis.cli("set", "foreign:user:3:stats", "kept");

        assertThat(cache.deletePattern("user:*:stats")).isEqualTo(2);
        assertThat(cache.exists("user:1:stats")).isFalse();
        assertThat(cache.exists("user:2:stats")).isFalse();
        assertThat(cache.exists("user:2:profile")).isTrue();
        assertThat(cache.exists("challenge:1:leaderboard")).isTrue();
        assertThat(redis.cli("get", "foreign:user:3:stats").trim()).isEqualTo("kept");
    }

    @Test
    void clearAllDeletesOnlyThisNamespaceAndSchemaVersion() {
        cache.set("user:1:stats", 1);
        cache.set("challenge:9", "c");
        redis.cli("set", "other-app:key", "kept");
        try (ApplicationContext otherVersion = CacheContexts.start(
                redis.url(),
                "cache.namespace",
                context.getBean(CacheSettings()).getNamespace(),
                "cache.schema-version",
                2)) {
            CacheService v2 = otherVersion.getBean(CacheService.class);
            // A deploy that changed the cached types does not read the old entries...
            assertThat(v2.get("user:1:stats", Integer.class)).isEmpty();
            v2.set("user:1:stats", 100);
            // ...and clearing it leaves the old version's entries to expire on their own.
            assertThat(v2.clearAll()).isGreaterThanOrEqualTo(1);
            assertThat(v2.exists("user:1:stats")).isFalse();
        }
        assertThat(cache.get("user:1:stats", Integer.class)).contains(1);
        assertThat(cache.clearAll()).isGreaterThanOrEqualTo(2);
        assertThat(cache.exists("user:1:stats")).isFalse();
        assertThat(cache.exists("challenge:9")).isFalse();
        assertThat(redis.cli("get", "other-app:key").trim()).isEqualTo("kept");
    }

    @Test
    void anAnswerIsTheLoadedValueOnAMissAndTheStoredJsonAsItIsOnAHit() {
        String ns = context.getBean(CacheSettings()).getNamespace();
        Stats stats = new Stats(21, 42, LocalDate.of(2024, 10, 30), List.of("instagram"));
        AtomicInteger loads = new AtomicInteger();
        CacheAnswer<Stats> miss = cache.getOrLoadAnswer("user:21:stats", Duration.ofMinutes(1), Stats.class, () -> {
            loads.incrementAndGet();
            return stats;
        });
        assertThat(miss.loadedValue()).contains(stats);
        assertThat(miss.cachedJson()).isEmpty();

        CacheAnswer<Stats> hit = cache.getOrLoadAnswer("user:21:stats", Duration.ofMinutes(1), Stats.class, () -> {
            loads.incrementAndGet();
            return stats;
        });
        assertThat(loads).hasValue(1);
        assertThat(hit.loadedValue()).isEmpty();
        // Exactly the bytes Redis holds: nothing decoded and encoded again.
        assertThat(hit.cachedJson())
                .contains(redis.cli("get", ns + ":v1:{user:21}:stats").trim());
        assertThat(hit.cachedJson().get())
                .isEqualTo(
                        "{\"user_id\":21,\"total_minutes\":42,\"date\":\"2024-10-30\",\"top_apps\":[\"instagram\"]}");

        // What no route could serve as an object (a JSON null, a scalar, a list) is a miss the loader replaces.
        for (String stored : List.of("null", "7", "[1,2]")) {
            redis.cli("set", ns + ":v1:{user:21}:stats", stored);
            CacheAnswer<Stats> replaced =
                    cache.getOrLoadAnswer("user:21:stats", Duration.ofMinutes(1), Stats.class, () -> stats);
            assertThat(replaced.loadedValue()).as(stored).contains(stats);
            assertThat(cache.get("user:21:stats", Stats.class)).as(stored).contains(stats);
        }

        // Nothing found: empty, nothing cached; the cache off: the loader's value every time.
        assertThat(cache.getOrLoadAnswer("user:22:stats", Duration.ofMinutes(1), Stats.class, () -> null)
                        .isEmpty())
                .isTrue();
        assertThat(cache.exists("user:22:stats")).isFalse();
        try (ApplicationContext off = CacheContexts.start(redis.url(), "cache.enabled", false)) {
            CacheAnswer<Stats> passThrough = off.getBean(CacheService.class)
                    .getOrLoadAnswer("user:21:stats", Duration.ofMinutes(1), Stats.class, () -> stats);
            assertThat(passThrough.loadedValue()).contains(stats);
        }
    }

    @Test
    void entriesReadAheadServeTheirRequestOnceAndNeverHideItsOwnWrites() {
        cache.set("user:31:stats", 1);
        cache.set("user:31:profile", 2);
        cache.set("user:32:stats", 3);
        HttpRequest<?> request = HttpRequest.GET("/api/anything");
        ServerRequestContext.with(request, () -> {
            Map<String, Long> commands = redis.commandsDuring(
                    () -> cache.prefetchForRoute(request, 31, "user:31:stats", "user:31:profile", "user:31:absent"));
            assertThat(commands).isEqualTo(Map.of("mget", 1L));
            // Changed behind its back: the request reads what it read ahead (one snapshot), once.
            redis.cli("del", ns() + ":v1:{user:31}:stats");
            Map<String, Long> reads = redis.commandsDuring(() -> {
                assertThat(cache.get("user:31:stats", Integer.class)).contains(1);
                assertThat(cache.get("user:31:absent", Integer.class)).isEmpty();
            });
            assertThat(reads).isEmpty();
            assertThat(cache.get("user:31:stats", Integer.class))
                    .as("taken once")
                    .isEmpty();
            // Its own write is what it reads next, never the entry read ahead.
            cache.set("user:31:profile", 20);
            assertThat(cache.get("user:31:profile", Integer.class)).contains(20);
        });
        // Another request (or none) reads Redis, not what an earlier one read ahead.
        cache.set("user:32:stats", 3);
        HttpRequest<?> first = HttpRequest.GET("/first");
        ServerRequestContext.with(first, () -> cache.prefetchForRoute(first, 32, "user:32:stats", "user:31:profile"));
        cache.set("user:32:stats", 30);
        assertThat(cache.get("user:32:stats", Integer.class)).contains(30);
        HttpRequest<?> second = HttpRequest.GET("/second");
        ServerRequestContext.with(second, (Runnable)
                () -> assertThat(cache.get("user:32:stats", Integer.class)).contains(30));
    }

    private String ns() {
        return context.getBean(CacheSettings()).getNamespace();
    }

    @Test
    void disabledCacheIsAPassThrough() {
        try (ApplicationContext off = CacheContexts.start(redis.url(), "cache.enabled", false)) {
            CacheService disabled = off.getBean(CacheService.class);
            AtomicInteger loads = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                assertThat(disabled.getOrLoad(
                                "user:7:stats", Duration.ofMinutes(1), Integer.class, loads::incrementAndGet))
                        .isEqualTo(i + 1);
            }
            assertThat(disabled.set("user:7:profile", "p")).isFalse();
            assertThat(disabled.get("user:7:profile", String.class)).isEmpty();
            assertThat(disabled.exists("user:7:profile")).isFalse();
            assertThat(redis.cli("keys", off.getBean(CacheSettings()).getNamespace() + "*")
                            .trim())
                    .isEmpty();
            assertThat(off.getBean(CacheProbe.class).status().status()).isEqualTo("disabled");
        }
    }

    @Test
    void hitsMissesAndDurationsAreMetrics() {
        cache.get("user:8:stats", Integer.class);
        cache.set("user:8:stats", 3);
        cache.get("user:8:stats", Integer.class);
        cache.get("user:8:stats", Integer.class);
        String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
        assertThat(scrape)
                .containsPattern("focus_api_cache_hits_total\\{[^}]*} 2.0")
                .containsPattern("focus_api_cache_misses_total\\{[^}]*} 1.0")
                .containsPattern("focus_api_cache_operations_duration_seconds_count\\{[^}]*operation=\"get\"[^}]*} 3")
                .contains("operation=\"set\"");
    }

    @Test
    void logLinesAreTheGuides() {
        Logger logger = (Logger) LoggerFactory.getLogger(CacheService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            cache.get("user:123:profile", String.class);
            cache.set("user:123:stats", 1, Duration.ofSeconds(300));
            cache.get("user:123:stats", Integer.class);
        } finally {
            logger.setLevel(before);
            logger.detachAppender(appender);
        }
        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .contains(
                        "Cache MISS: user:123:profile",
                        "Cache SET: user:123:stats (TTL: 300s)",
                        "Cache HIT: user:123:stats");
    }

    @Test
    void healthProbeStillReportsRedis() {
        CacheStatus status = context.getBean(CacheProbe.class).status();
        assertThat(status.isConnected()).isTrue();
        assertThat(status.version()).startsWith("7.");
    }

    private static Class<com.focusapi.shared.cache.CacheSettings> CacheSettings() {
        return com.focusapi.shared.cache.CacheSettings.class;
    }
}
