package com.focusapi.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.accounts.OwnProfile;
import com.focusapi.shared.accounts.ProfileCache;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The users function with the cache on (a real redis-server): the profile is read cache-aside and written
 * through after an update, statistics are cached, a deleted account leaves nothing behind, and what sits in
 * Redis holds no secret.
 */
class UsersCacheTest {
    private static UsersTestApp app;
    private static JsonApi api;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        app = UsersTestApp.withCache();
        api = app.api;
        cache = app.context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aHitServesTheCachedJsonWhichIsTheBodyTheDatabaseReadServed() {
        long id = app.createUser("samebody", true, "user");
        String token = app.tokenFor(id, "user");
        for (String path : List.of("/api/users/me", "/api/users/me/stats", "/api/users/" + id + "/stats")) {
            cache.invalidateUserCache(id);
            Reply miss = api.get(path, token);
            assertThat(miss.status()).as(path).isEqualTo(200);
            Reply hit = api.get(path, token);
            assertThat(hit.status()).as(path).isEqualTo(200);
            assertThat(hit.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(hit.body()).as(path).isEqualTo(miss.body());
            // API Gateway (and the local API's gateway) stamps the Date: the function does not format one.
            assertThat(hit.headers().keySet()).as(path).noneMatch(name -> name.equalsIgnoreCase("Date"));
        }
        // Written through by an update (its answer encoded by Micronaut), then served from Redis as it is.
        Reply updated = api.call("PUT", "/api/users/me", Map.of("full_name", "Same Body"), token);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(cache.exists(ProfileCache.key(id))).isTrue();
        assertThat(api.get("/api/users/me", token).body()).isEqualTo(updated.body());
    }

    @Test
    void aCachedAuthenticatedGetIsOneRedisRoundTrip() {
        long id = app.createUser("onetrip", true, "user");
        String token = app.tokenFor(id, "user");
        for (String path : List.of("/api/users/me", "/api/users/me/stats", "/api/users/" + id + "/stats")) {
            assertThat(api.get(path, token).status()).as(path).isEqualTo(200); // fills the cache
            Map<String, Long> commands = app.redis.commandsDuring(
                    () -> assertThat(api.get(path, token).status()).isEqualTo(200));
            // The authentication state and the answer in one MGET: no GET of either afterwards.
            assertThat(commands).as(path).isEqualTo(Map.of("mget", 1L));
        }
    }

    @Test
    void profileIsServedFromTheCacheAndWrittenThroughOnUpdate() {
        long id = app.createUser("cached", true, "user");
        String token = app.tokenFor(id, "user");
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200);
        assertThat(cache.exists(ProfileCache.key(id))).isTrue();

        // Changed behind the API's back: the cached profile is what the next read gets.
        app.execute("UPDATE users SET full_name = 'Changed In SQL' WHERE id = " + id);
        assertThat(api.get("/api/users/me", token).text("full_name"))
                .isEqualTo("Full " + app.text("SELECT username FROM users WHERE id = " + id));

        // An update through the API writes the new profile through, before any read.
        assertThat(api.call("PUT", "/api/users/me", Map.of("full_name", "Via API"), token)
                        .status())
                .isEqualTo(200);
        assertThat(cache.get(ProfileCache.key(id), OwnProfile.class))
                .get()
                .extracting(OwnProfile::fullName)
                .isEqualTo("Via API");
        assertThat(api.get("/api/users/me", token).text("full_name")).isEqualTo("Via API");
    }

    @Test
    void statisticsAreCachedUnderTheUsersKey() {
        long id = app.createUser("statcache", true, "user");
        String token = app.tokenFor(id, "user");
        Reply first = api.get("/api/users/me/stats", token);
        assertThat(first.status()).isEqualTo(200);
        assertThat(cache.exists(StatsCache.userStatsKey(id))).isTrue();
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (" + id
                + ", 'Sneaky', 5, CURRENT_DATE)");
        // Written without the API, so nothing invalidated: the cached statistics are served.
        assertThat(api.get("/api/users/me/stats", token).json()).isEqualTo(first.json());
    }

    @Test
    void deletingTheAccountLeavesNothingOfItInTheCache() {
        long gone = app.createUser("gone", true, "user");
        long stays = app.createUser("stays", true, "user");
        for (long id : new long[] {gone, stays}) {
            String token = app.tokenFor(id, "user");
            api.get("/api/users/me", token);
            api.get("/api/users/me/stats", token);
        }
        assertThat(api.call(
                                "DELETE",
                                "/api/users/me",
                                Map.of("password", UsersTestApp.PASSWORD),
                                app.tokenFor(gone, "user"))
                        .status())
                .isEqualTo(204);
        assertThat(cache.exists(ProfileCache.key(gone))).isFalse();
        assertThat(cache.exists(StatsCache.userStatsKey(gone))).isFalse();
        assertThat(cache.exists(ProfileCache.key(stays))).isTrue();
        assertThat(cache.exists(StatsCache.userStatsKey(stays))).isTrue();
    }

    @Test
    void rawRedisValuesHoldNoHashNorToken() {
        long id = app.createUser("secret", true, "user");
        String token = app.tokenFor(id, "user");
        api.get("/api/users/me", token);
        api.get("/api/users/me/stats", token);
        api.call("PUT", "/api/users/me", Map.of("full_name", "Still No Secrets"), token);
        String hash = app.text("SELECT password_hash FROM users WHERE id = " + id);

        List<String> values = rawStringValues();
        assertThat(values).isNotEmpty();
        assertThat(values).anyMatch(v -> v.contains("Still No Secrets"));
        for (String value : values) {
            assertThat(value)
                    .doesNotContain(hash)
                    .doesNotContain("argon2")
                    .doesNotContain("password")
                    .doesNotContain(token)
                    .doesNotContain("token");
        }
    }

    /** Every string value in Redis, read with a plain client (what an operator or an intruder would see). */
    private static List<String> rawStringValues() {
        RedisClient client = RedisClient.create(app.redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            List<String> values = new ArrayList<>();
            for (String key : commands.keys("*")) {
                if ("string".equals(commands.type(key))) {
                    values.add(commands.get(key));
                }
            }
            return values;
        } finally {
            client.shutdown();
        }
    }
}
