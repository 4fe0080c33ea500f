package com.focusapi.activities;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.accounts.OwnProfile;
import com.focusapi.shared.accounts.ProfileCache;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.cache.CacheSettings;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.shared.stats.ActivityStats;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guide's example end to end with the cache on (a real redis-server): statistics are served from the
 * cache, and a new, changed or deleted activity invalidates exactly that user's statistics and the daily
 * entry of its date: never the profile, never another user's entries (user 1 vs users 10 and 11).
 */
class ActivitiesCacheTest {
    private static final LocalDate D1 = LocalDate.parse("2026-02-10");
    private static final LocalDate D2 = LocalDate.parse("2026-02-11");
    private static RedisServer redis;
    private static ActivitiesTestApp app;
    private static JsonApi api;
    private static CacheService cache;
    private static StatsCache statsCache;
    private static ActivityStats stats;
    private static long user1;
    private static long user10;
    private static long user11;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        app = new ActivitiesTestApp(Map.of("cache.enabled", true, "redis.url", redis.url()));
        api = app.api;
        cache = app.context.getBean(CacheService.class);
        statsCache = app.context.getBean(StatsCache.class);
        stats = app.context.getBean(ActivityStats.class);
        // A fresh database: ids 1..11, so that user 1's keys are prefixes of user 10's and 11's.
        user1 = app.createUser("one", true, "user");
        for (int i = 2; i <= 9; i++) {
            app.createUser("filler", true, "user");
        }
        user10 = app.createUser("ten", true, "user");
        user11 = app.createUser("eleven", true, "user");
        assertThat(user1).isEqualTo(1);
        assertThat(user10).isEqualTo(10);
        assertThat(user11).isEqualTo(11);
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
    }

    private static Map<String, Object> activity(String appName, int minutes, LocalDate date) {
        Map<String, Object> body = new HashMap<>();
        body.put("app_name", appName);
        body.put("duration_minutes", minutes);
        body.put("activity_date", date.toString());
        return body;
    }

    private static int dailyTotal(long userId, LocalDate date) {
        return api.get("/api/activities/stats/daily?date=" + date, app.tokenFor(userId, "user"))
                .json()
                .get("total_minutes")
                .asInt();
    }

    /** Fills every key the spec caches for a user, through the same entry points the functions use. */
    private static void warm(long userId) {
        dailyTotal(userId, D1);
        dailyTotal(userId, D2);
        statsCache.userStats(userId, () -> stats.userStats(userId, D1, 120));
        app.context
                .getBean(ProfileCache.class)
                .put(new OwnProfile(
                        userId,
                        "u" + userId + "@example.com",
                        "u" + userId,
                        null,
                        null,
                        true,
                        true,
                        "user",
                        120,
                        true,
                        true,
                        null,
                        null,
                        null));
    }

    /** Posts 30 minutes of YouTube on D1 for the token's user; the path of that day's statistics. */
    private static String dailyOfOneActivity(String token) {
        api.post("/api/activities", activity("YouTube", 30, D1), token);
        return "/api/activities/stats/daily?date=" + D1;
    }

    private static boolean cached(String key) {
        return cache.exists(key);
    }

    @Test
    void aHitServesTheCachedJsonAsItIsTheSameBodyAsTheMiss() {
        long id = app.createUser("samebody", true, "user");
        String token = app.tokenFor(id, "user");
        String path = dailyOfOneActivity(token);
        JsonApi.Reply miss = api.get(path, token);
        assertThat(cached(StatsCache.dailyKey(id, D1))).isTrue();
        JsonApi.Reply hit = api.get(path, token);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("Content-Type")).startsWith("application/json");
        assertThat(hit.body()).isEqualTo(miss.body());
        // The hit's body is the entry itself: changed in Redis, it is what the next request gets.
        String ns = app.context.getBean(CacheSettings.class).getNamespace();
        String physical = ns + ":v1:{user:" + id + "}:stats:daily:" + D1;
        String changed = miss.body().replace("\"total_minutes\":30", "\"total_minutes\":31");
        assertThat(changed).isNotEqualTo(miss.body());
        redis.cli("set", physical, changed);
        assertThat(api.get(path, token).body()).isEqualTo(changed);
    }

    @Test
    void aCachedDailyStatisticsRequestIsOneRedisRoundTrip() {
        long id = app.createUser("onetrip", true, "user");
        String token = app.tokenFor(id, "user");
        String path = dailyOfOneActivity(token);
        assertThat(api.get(path, token).status()).isEqualTo(200);
        assertThat(redis.commandsDuring(
                        () -> assertThat(api.get(path, token).status()).isEqualTo(200)))
                .isEqualTo(Map.of("mget", 1L));
        // Without ?date=, today's key (UTC) is read ahead in the same MGET.
        api.get("/api/activities/stats/daily", token);
        assertThat(redis.commandsDuring(() -> assertThat(
                                api.get("/api/activities/stats/daily", token).status())
                        .isEqualTo(200)))
                .isEqualTo(Map.of("mget", 1L));
    }

    @Test
    void aCachedDailyStatisticsRequestRunsNoSql() {
        long id = app.createUser("nosql", true, "user");
        String token = app.tokenFor(id, "user");
        String path = dailyOfOneActivity(token);
        assertThat(app.sqlStatementsOf(
                        () -> assertThat(api.get(path, token).status()).isEqualTo(200)))
                .as("a first request loads")
                .isPositive();
        assertThat(app.sqlStatementsOf(() ->
                        assertThat(api.get(path, token).text("total_minutes")).isEqualTo("30")))
                .as("a cached request: authentication state and statistics from Redis")
                .isZero();
    }

    @Test
    void aNewActivityInvalidatesExactlyThatUsersStatisticsOfItsDate() {
        String token = app.tokenFor(user1, "user");
        api.post("/api/activities", activity("YouTube", 30, D1), token);
        for (long id : new long[] {user1, user10, user11}) {
            warm(id);
        }
        assertThat(cached(StatsCache.dailyKey(user1, D1))).isTrue();

        // Served from the cache: a row written behind the API's back is not seen...
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (" + user1
                + ", 'Sneaky', 7, DATE '" + D1 + "')");
        assertThat(dailyTotal(user1, D1)).isEqualTo(30);

        // ...until an activity of that user on that date is recorded through the API.
        api.post("/api/activities", activity("YouTube", 10, D1), token);
        assertThat(cached(StatsCache.dailyKey(user1, D1))).isFalse();
        assertThat(cached(StatsCache.userStatsKey(user1))).isFalse();
        assertThat(cached(StatsCache.dailyKey(user1, D2)))
                .as("another date of the same user")
                .isTrue();
        assertThat(cached(ProfileCache.key(user1))).as("the profile").isTrue();
        for (long other : new long[] {user10, user11}) {
            assertThat(cached(StatsCache.dailyKey(other, D1)))
                    .as("user %d daily", other)
                    .isTrue();
            assertThat(cached(StatsCache.userStatsKey(other)))
                    .as("user %d stats", other)
                    .isTrue();
            assertThat(cached(ProfileCache.key(other)))
                    .as("user %d profile", other)
                    .isTrue();
        }
        assertThat(dailyTotal(user1, D1)).isEqualTo(47);
    }

    @Test
    void updateInvalidatesBothDatesAndDeleteItsOwn() {
        long id = app.createUser("mover", true, "user");
        String token = app.tokenFor(id, "user");
        long activity = api.post("/api/activities", activity("Chess", 40, D1), token)
                .json()
                .get("id")
                .asLong();
        assertThat(dailyTotal(id, D1)).isEqualTo(40);
        assertThat(dailyTotal(id, D2)).isZero();
        assertThat(cached(StatsCache.dailyKey(id, D2))).isTrue();

        api.call("PUT", "/api/activities/" + activity, activity("Chess", 25, D2), token);
        assertThat(cached(StatsCache.dailyKey(id, D1))).isFalse();
        assertThat(cached(StatsCache.dailyKey(id, D2))).isFalse();
        assertThat(dailyTotal(id, D1)).isZero();
        assertThat(dailyTotal(id, D2)).isEqualTo(25);

        api.call("DELETE", "/api/activities/" + activity, null, token);
        assertThat(cached(StatsCache.dailyKey(id, D2))).isFalse();
        assertThat(dailyTotal(id, D2)).isZero();
    }

    @Test
    void createdActivitiesAreCountedOnceEvenWhenReplayed() {
        long id = app.createUser("counted", true, "user");
        String token = app.tokenFor(id, "user");
        // Labels are normalised by the metrics module (lower case, bounded set): "Duolingo" counts as "duolingo".
        double before = sample(MetricNames.ACTIVITIES_CREATED, "app_name=\"duolingo\"");
        Map<String, String> key = Map.of("Idempotency-Key", "count-me-once");
        assertThat(api.call("POST", "/api/activities", activity("Duolingo", 15, D1), token, key)
                        .status())
                .isEqualTo(201);
        assertThat(api.call("POST", "/api/activities", activity("Duolingo", 15, D1), token, key)
                        .header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(api.post("/api/activities", activity("Duolingo", 5, D1), token)
                        .status())
                .isEqualTo(201);
        assertThat(sample(MetricNames.ACTIVITIES_CREATED, "app_name=\"duolingo\"") - before)
                .isEqualTo(2);
        assertThat(sample(MetricNames.ACTIVITIES_DURATION_MINUTES + "_sum", "app_name=\"duolingo\""))
                .isEqualTo(20);
    }

    /** The value of the series {@code name{...label...}} in the function's Prometheus scrape, 0 when absent. */
    private static double sample(String name, String label) {
        String text = app.context.getBean(PrometheusMeterRegistry.class).scrape();
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
