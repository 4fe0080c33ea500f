package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.cache.internal.RedisConnector;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Redis accepts connections but never answers from the start: the init gives up, and after it
 * every request misses at once and calls the loader, including when a reconnect attempt is due (attempts
 * run on the connector's background thread, never on the request's).
 */
class UnreachableAtStartTest {
    /**
     * A hang detector, not a speed check (tests assert no times): a start or a call blocked on the black hole
     * would never return. The evidence that nothing waits on Redis is the state: not connected, loads counted.
     */
    private static final Duration HANG = Duration.ofSeconds(30);

    @Test
    void aRedisThatNeverAnswersCostsRequestsNothing() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(
                    () -> {
                        try {
                            while (true) {
                                held.add(blackhole.accept());
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    },
                    "blackhole");
            acceptor.setDaemon(true);
            acceptor.start();

            try (ApplicationContext context = startWithinHangGuard(
                    "redis://127.0.0.1:" + blackhole.getLocalPort(), "redis.connect-timeout-ms", 3000)) {
                CacheService cache = context.getBean(CacheService.class);
                CacheProbe probe = context.getBean(CacheProbe.class);
                // The context is up while Redis has not answered: the init did not wait for a connection.
                assertThat(probe.status().isConnected()).isFalse();
                AtomicInteger loads = new AtomicInteger();
                // Past the reconnect back-off, so that attempts fall due while requests run.
                long until = System.currentTimeMillis() + RedisConnector.RECONNECT_BACKOFF.toMillis() + 3000;
                int calls = 0;
                while (System.currentTimeMillis() < until) {
                    calls++;
                    assertThat(within(() -> cache.getOrLoad(
                                    "user:1:stats", Duration.ofMinutes(1), Integer.class, loads::incrementAndGet)))
                            .isEqualTo(calls);
                    assertThat(within(() -> cache.get("user:1:profile", String.class)))
                            .isEmpty();
                    assertThat(within(() -> cache.set("user:1:profile", "p"))).isFalse();
                    assertThat(within(() -> cache.invalidateUserCache(1))).isZero();
                    assertThat(within(() -> probe.status().isConnected())).isFalse();
                    Thread.sleep(100);
                }
                assertThat(loads).hasValue(calls);
                // It did try to connect (and keeps trying in the background).
                assertThat(held).isNotEmpty();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** A hang detector, not a speed check (tests assert no times): a call blocked on the black hole never returns. */
    private static <T> T within(Supplier<T> call) {
        return Assertions.assertTimeoutPreemptively(HANG, call::get);
    }

    private static ApplicationContext startWithinHangGuard(String url, String property, Object value) {
        return Assertions.assertTimeoutPreemptively(
                HANG, () -> CacheContexts.startWithoutWaiting(url, property, value));
    }
}
