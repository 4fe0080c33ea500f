package com.focusapi.users;

import static com.focusapi.shared.testing.ProblemAssertions.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.accounts.AuthState;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authentication state in the cache, through the users function with a real redis-server and
 * PostgreSQL: a cached request runs no SQL at all, and the cached state never outlives the write that ends a
 * session (each test warms the cache first, so a stale entry would let the old token through), not even
 * while Redis is down.
 */
class UsersAuthStateTest {
    private static UsersTestApp app;
    private static JsonApi api;
    private static CacheService cache;
    private static JwtService jwt;

    @BeforeAll
    static void start() {
        app = UsersTestApp.withCache();
        api = app.api;
        cache = app.context.getBean(CacheService.class);
        jwt = app.context.getBean(JwtService.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aCachedProfileOrStatisticsRequestRunsNoSql() {
        long id = app.createUser("nosql", true, "user");
        String token = app.tokenFor(id, "user");
        for (String path : new String[] {"/api/users/me", "/api/users/me/stats"}) {
            // The first request loads from the database (so the counter does count this function's statements)...
            assertThat(app.sqlStatementsOf(() -> assertOk(api.get(path, token))))
                    .as("statements of a first %s", path)
                    .isPositive();
            // ...the second is served from Redis alone: authentication state and the response.
            assertThat(app.sqlStatementsOf(() -> assertOk(api.get(path, token))))
                    .as("statements of a cached %s", path)
                    .isZero();
        }
        // The same statistics by id: the same key, so already cached.
        assertThat(app.sqlStatementsOf(() -> assertOk(api.get("/api/users/" + id + "/stats", token))))
                .isZero();
        assertThat(cache.get(AuthStateCache.key(id), AuthState.class)).contains(new AuthState(true, true, "user", 0));
    }

    @Test
    void theAuthenticationLookupIsNotCountedInTheHitRate() {
        long id = app.createUser("nohit", true, "user");
        String token = app.tokenFor(id, "user");
        assertOk(api.get("/api/users/me", token)); // fills the authentication state and the profile
        double hits = counted(MetricNames.CACHE_HITS);
        double misses = counted(MetricNames.CACHE_MISSES);
        assertOk(api.get("/api/users/me", token)); // both read from Redis
        // The profile's read alone: counting the state too would add a hit to every authenticated request and
        // keep the hit rate at 50 % or more, however the data is cached (LowCacheHitRate could never fire).
        assertThat(counted(MetricNames.CACHE_HITS) - hits).isEqualTo(1);
        assertThat(counted(MetricNames.CACHE_MISSES) - misses).isZero();
    }

    private static double counted(String name) {
        return app.context.getBean(PrometheusMeterRegistry.class).find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Test
    void theRoleIsTheAccountsNotTheTokens() {
        long user = app.createUser("claims", true, "user");
        long other = app.createUser("victim", true, "user");
        // Signed by us with role "admin", but the account is a user: another user's statistics stay closed.
        String token = jwt.issue(user, "admin").token();
        assertThat(api.get("/api/users/" + other + "/stats", token).status()).isEqualTo(403);
        long admin = app.createUser("admin", true, "admin");
        assertThat(api.get(
                                "/api/users/" + other + "/stats",
                                jwt.issue(admin, "user").token())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anAccessTokenIsRefusedOnceThePasswordChanged() {
        long id = app.createUser("pwcache", true, "user");
        String token = app.tokenFor(id, "user");
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200); // the state is cached now
        assertThat(cache.exists(AuthStateCache.key(id))).isTrue();

        changePassword(api, token);

        assertUnauthorized(api.get("/api/users/me", token));
        assertUnauthorized(api.get("/api/users/me/stats", token));
        // A token of the new version, as the next login issues, works.
        assertThat(api.get("/api/users/me", jwt.issue(id, "user", 1).token()).status())
                .isEqualTo(200);
    }

    @Test
    void anAccessTokenIsRefusedOnceTheAccountIsDeleted() {
        long id = app.createUser("delcache", true, "user");
        String token = app.tokenFor(id, "user");
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200);

        assertThat(api.call("DELETE", "/api/users/me", Map.of("password", UsersTestApp.PASSWORD), token)
                        .status())
                .isEqualTo(204);

        assertThat(cache.exists(AuthStateCache.key(id))).isFalse();
        assertUnauthorized(api.get("/api/users/me", token));
        assertUnauthorized(api.get("/api/users/me/stats", token));
    }

    @Test
    void otherWritesKeepTheTokenWorking() {
        long id = app.createUser("keeps", true, "user");
        String token = app.tokenFor(id, "user");
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200);

        assertThat(api.call("PUT", "/api/users/me", Map.of("full_name", "Renamed", "daily_limit_minutes", 90), token)
                        .status())
                .isEqualTo(200);
        // Refused attempts end nothing either.
        assertThat(api.post(
                                "/api/users/me/change-password",
                                Map.of("current_password", "Wrong1234", "new_password", "NewSecret456"),
                                token)
                        .status())
                .isEqualTo(400);
        assertThat(api.call("DELETE", "/api/users/me", Map.of("password", "Wrong1234"), token)
                        .status())
                .isEqualTo(400);

        assertThat(api.get("/api/users/me", token).text("full_name")).isEqualTo("Renamed");
        assertThat(api.get("/api/users/me/stats", token).status()).isEqualTo(200);
        assertThat(app.scalar("SELECT token_version FROM users WHERE id = " + id))
                .isZero();
    }

    @Test
    void authenticatedRequestsAreServedFromTheDatabaseWhileRedisIsDown() {
        // An app of its own: killing its Redis leaves the other tests' cache alone.
        try (UsersTestApp own = UsersTestApp.withCache()) {
            servedFromTheDatabaseWhileRedisIsDown(own);
        }
    }

    private static void servedFromTheDatabaseWhileRedisIsDown(UsersTestApp app) {
        JsonApi api = app.api;
        long id = app.createUser("noredis", true, "user");
        String token = app.tokenFor(id, "user");
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200); // cached while Redis was up

        app.redis.stop();
        for (int i = 0; i < 3; i++) { // the breaker opens on the way: before and after, the same answers
            assertThat(app.sqlStatementsOf(() -> assertOk(api.get("/api/users/me", token))))
                    .as("read from the database")
                    .isPositive();
        }
        assertThat(api.get("/api/users/me/stats", token).status()).isEqualTo(200);

        // Ending the sessions needs no Redis: the database's version refuses the old token.
        changePassword(api, token);
        assertUnauthorized(api.get("/api/users/me", token));
    }

    private static void assertOk(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }

    private static void changePassword(JsonApi api, String token) {
        Reply changed = api.post(
                "/api/users/me/change-password",
                Map.of("current_password", UsersTestApp.PASSWORD, "new_password", "NewSecret456"),
                token);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
    }
}
