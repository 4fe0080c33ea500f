package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.RedisServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Redis dies or hangs mid-run: every cache call returns within its timeout, the breaker opens, the request
 * path still answers from the database, and hits resume by themselves when Redis is back.
 */
class DegradationTest {
    /**
     * A hang detector, not a speed check (tests assert no times): a call blocked on a dead or frozen Redis would
     * never return. That calls do not wait on Redis is shown by the breaker's state, asserted below.
     */
    private static final Duration HANG = Duration.ofSeconds(30);

    @Test
    void redisKilledMidRun() {
        RedisServer redis = RedisServer.start();
        APIGatewayV2HTTPEventFunction handler = handler(redis);
        try {
            LambdaHttp http = new LambdaHttp(handler);
            CacheService cache = handler.getApplicationContext().getBean(CacheService.class);
            assertThat(http.get("/test/cache/1").getBody()).contains("\"loads\":1");
            assertThat(http.get("/test/cache/1").getBody()).contains("\"loads\":1");

            redis.stop();
            for (int i = 0; i < 10; i++) {
                APIGatewayV2HTTPResponse response = within(() -> http.get("/test/cache/2"));
                assertThat(response.getStatusCode()).isEqualTo(200);
            }
            assertThat(cache.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            everyCallReturnsQuietly(cache);

            redis.startAgain();
            awaitHitsResume(cache);
            assertThat(cache.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
            String first = http.get("/test/cache/3").getBody();
            assertThat(http.get("/test/cache/3").getBody()).isEqualTo(first);
        } finally {
            close(handler);
            redis.stop();
        }
    }

    @Test
    void redisHangingMidRun() {
        RedisServer redis = RedisServer.start();
        APIGatewayV2HTTPEventFunction handler = handler(redis);
        try {
            LambdaHttp http = new LambdaHttp(handler);
            CacheService cache = handler.getApplicationContext().getBean(CacheService.class);
            cache.set("user:1:profile", "p");

            redis.freeze();
            for (int i = 0; i < 6; i++) {
                assertThat(within(() -> cache.get("user:1:profile", String.class)))
                        .isEmpty();
            }
            assertThat(cache.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(within(() -> http.get("/test/cache/5")).getStatusCode()).isEqualTo(200);
            everyCallReturnsQuietly(cache);

            redis.thaw();
            awaitHitsResume(cache);
        } finally {
            redis.thaw();
            close(handler);
            redis.stop();
        }
    }

    private static APIGatewayV2HTTPEventFunction handler(RedisServer redis) {
        APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of(
                "redis.url",
                redis.url(),
                "cache.namespace",
                "d" + UUID.randomUUID().toString().substring(0, 8),
                "cache.breaker-open-ms",
                1000));
        CacheContexts.awaitConnected(handler.getApplicationContext());
        return handler;
    }

    /** The handler does not close a context it was given: close both, or Lettuce keeps reconnecting. */
    private static void close(APIGatewayV2HTTPEventFunction handler) {
        handler.close();
        if (handler.getApplicationContext().isRunning()) {
            handler.getApplicationContext().close();
        }
    }

    private static void everyCallReturnsQuietly(CacheService cache) {
        assertThat(within(() -> cache.get("user:1:profile", String.class))).isEmpty();
        assertThat(within(() -> cache.set("user:1:profile", "p"))).isFalse();
        assertThat(within(() -> cache.exists("user:1:profile"))).isFalse();
        assertThat(within(() -> cache.delete("user:1:profile"))).isFalse();
        assertThat(within(() -> cache.deletePattern("user:*"))).isZero();
        assertThat(within(() -> cache.clearAll())).isZero();
        assertThat(within(() -> cache.invalidateUserCache(1))).isZero();
        assertThat(within(() -> cache.getOrLoad("user:1:stats", Duration.ofMinutes(1), Integer.class, () -> 5)))
                .isEqualTo(5);
    }

    private static void awaitHitsResume(CacheService cache) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            cache.set("user:9:stats", 9);
            if (cache.get("user:9:stats", Integer.class).isPresent()) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("the cache did not come back after Redis did");
    }

    private static <T> T within(Supplier<T> call) {
        return Assertions.assertTimeoutPreemptively(HANG, call::get);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
