package com.focusapi.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.testsupport.FaultyTcpProxy;
import com.focusapi.testsupport.JsonApi.Reply;
import com.focusapi.testsupport.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults between the users function and its Redis, injected by a loopback proxy the test controls:
 * slow, resetting then refusing, and black-holed (connections that stay open but never answer). Through the
 * real handler, {@code GET /api/users/me/stats} (cache-aside) must keep answering 200 with the statistics
 * in PostgreSQL, the breaker must open (so Redis is skipped instead of waited on), and once the proxy passes
 * bytes again the cache must serve hits again, with nothing restarted.
 * <p>
 * No wall-clock assertion: each request runs under a 30 s guard that only catches a hang; that Redis is
 * not waited on is shown by the breaker's state.
 */
class UsersRedisFaultsTest {
    /** A hang detector, far above any command timeout: catches a request waiting on Redis for good. */
    private static final Duration HANG = Duration.ofSeconds(30);

    private RedisServer redis;
    private FaultyTcpProxy proxy;
    private UsersTestApp app;
    private CacheService cache;
    private String token;
    private long userId;
    private JsonNode expected;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        proxy = FaultyTcpProxy.to(redis.port());
        app = new UsersTestApp(Map.of(
                "cache.enabled",
                true,
                "redis.url",
                "redis://127.0.0.1:" + proxy.port(),
                // Short, so the test sees the half-open probe soon after the proxy heals.
                "cache.breaker-open-ms",
                500));
        cache = app.context.getBean(CacheService.class);
        userId = app.createUser("faulty", true, "user");
        token = app.tokenFor(userId, "user");
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (" + userId
                + ", 'YouTube', 42, CURRENT_DATE), (" + userId + ", 'TikTok', 8, CURRENT_DATE)");
        Reply first = stats();
        assertThat(first.status()).isEqualTo(200);
        expected = first.json();
        assertThat(cache.exists(StatsCache.userStatsKey(userId))).isTrue();
        assertThat(expected.toString()).contains("50");
        // Served from Redis: a hit.
        double hits = hits();
        assertThat(stats().json()).isEqualTo(expected);
        assertThat(hits()).isGreaterThan(hits);
    }

    @AfterEach
    void stop() {
        app.close();
        proxy.close();
        redis.close();
    }

    @Test
    void slowRedis() {
        servedFromTheDatabaseWhile(proxy -> proxy.slow(Duration.ofSeconds(2)));
    }

    @Test
    void redisResettingThenRefusingConnections() {
        servedFromTheDatabaseWhile(proxy -> {
            proxy.refuse();
            proxy.resetAll();
        });
        // Lettuce's reconnect found the proxy again: a new connection.
        assertThat(proxy.accepted()).isGreaterThan(1);
    }

    @Test
    void redisBlackHoled() {
        servedFromTheDatabaseWhile(FaultyTcpProxy::blackHole);
        // The black-holed connection never comes back: the cache came back on a new one.
        assertThat(proxy.accepted()).isGreaterThan(1);
    }

    /**
     * Applies {@code fault}; the statistics keep coming from PostgreSQL (hits stand still, the answer is
     * the same), the breaker opens (and the connection is replaced); then the proxy passes bytes again and hits resume by themselves.
     */
    private void servedFromTheDatabaseWhile(Consumer<FaultyTcpProxy> fault) {
        fault.accept(proxy);
        double hitsBefore = hits();
        for (int i = 0; i < 12; i++) {
            Reply reply = stats();
            assertThat(reply.status()).as("during the fault: %s", reply).isEqualTo(200);
            assertThat(reply.json()).isEqualTo(expected);
        }
        // It opened (it leaves CLOSED only that way): OPEN skips Redis; HALF_OPEN lets one probe through, and
        // none while the replacement connection is not up yet.
        assertThat(cache.breakerState()).isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
        assertThat(hits()).as("no hit while Redis cannot answer").isEqualTo(hitsBefore);
        // With the breaker open, a request does not even ask Redis and reads PostgreSQL.
        long statements = app.sqlStatementsOf(() -> assertThat(stats().json()).isEqualTo(expected));
        assertThat(statements).isPositive();

        proxy.passThrough();
        long deadline = System.currentTimeMillis() + 30_000;
        double hitsAfter = hits();
        while (hits() == hitsAfter && System.currentTimeMillis() < deadline) {
            assertThat(stats().json()).isEqualTo(expected);
            sleep(100);
        }
        assertThat(hits()).as("the cache serves hits again").isGreaterThan(hitsAfter);
        assertThat(cache.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(stats().json()).isEqualTo(expected);
    }

    private Reply stats() {
        return assertTimeoutPreemptively(HANG, () -> app.api.get("/api/users/me/stats", token));
    }

    private double hits() {
        return app.context
                .getBean(MeterRegistry.class)
                .get("focus_api_cache_hits")
                .counter()
                .count();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
