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
import org.junit.jupiter.api.Test;

/**
 * Redis accepts connections but never answers from the start: the init waits a bounded time, and after it
 * every request misses at once and calls the loader, including when a reconnect attempt is due (attempts
 * run on the connector's background thread, never on the request's).
 */
class UnreachableAtStartTest {
    /** Far above the 250 ms command timeout, far below the 3 s connect timeout the test configures. */
    private static final Duration BOUND = Duration.ofSeconds(2);

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

            long start = System.nanoTime();
            try (ApplicationContext context = CacheContexts.startWithoutWaiting(
                    "redis://127.0.0.1:" + blackhole.getLocalPort(), "redis.connect-timeout-ms", 3000)) {
                // The init waited at most the connect timeout plus a second (and generous slack for a busy machine).
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
                CacheService cache = context.getBean(CacheService.class);
                CacheProbe probe = context.getBean(CacheProbe.class);
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

    private static <T> T within(Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        return result;
    }
}
