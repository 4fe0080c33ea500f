package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A simulated SnapStart checkpoint/restore: the JVM calls the registered CRaC resource; here the test does.
 * Redis itself says whether our connection is open (its client count).
 */
class CheckpointRestoreTest {

    @Test
    void checkpointClosesTheConnectionAndRestoreReopensIt() throws Exception {
        try (RedisServer redis = RedisServer.start();
                ApplicationContext context = CacheContexts.start(redis.url())) {
            CacheService cache = context.getBean(CacheService.class);
            RedisConnectionProvider provider = context.getBean(RedisConnectionProvider.class);
            // Connected at init, before any cache call.
            assertThat(clients(redis)).isEqualTo(1);
            cache.set("user:1:profile", "p");

            provider.checkpointHook().beforeCheckpoint(null);
            awaitClients(redis, 0);
            AtomicInteger loads = new AtomicInteger();
            assertThat(cache.getOrLoad(
                            "user:1:profile",
                            Duration.ofMinutes(1),
                            String.class,
                            () -> "db" + loads.incrementAndGet()))
                    .isEqualTo("db1");
            // Nothing reconnects between checkpoint and restore.
            assertThat(clients(redis)).isZero();

            provider.checkpointHook().afterRestore(null);
            awaitClients(redis, 1);
            assertThat(cache.get("user:1:profile", String.class)).contains("p");
        }
    }

    /** Connected clients other than the redis-cli asking. */
    private static int clients(RedisServer redis) {
        String info = redis.cli("info", "clients");
        return info.lines()
                .filter(l -> l.startsWith("connected_clients:"))
                .findFirst()
                .map(l -> Integer.parseInt(
                                l.substring("connected_clients:".length()).trim())
                        - 1)
                .orElseThrow();
    }

    private static void awaitClients(RedisServer redis, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (clients(redis) != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(clients(redis)).isEqualTo(expected);
    }
}
