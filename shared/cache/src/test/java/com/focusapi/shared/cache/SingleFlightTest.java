package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent misses load once; a cache-aside fill never beats a write-through or an invalidation. */
class SingleFlightTest {
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        redis.stop();
    }

    @Test
    void fiftyThreadsMissingOneKeyLoadOnce() throws Exception {
        try (ApplicationContext context = CacheContexts.start(redis.url())) {
            CacheService cache = context.getBean(CacheService.class);
            AtomicInteger loads = new AtomicInteger();
            List<Integer> results = race(50, List.of(cache), () -> {
                loads.incrementAndGet();
                sleep(200);
                return 42;
            });
            assertThat(results).hasSize(50).containsOnly(42);
            assertThat(loads).hasValue(1);
        }
    }

    @Test
    void severalEnvironmentsMissingOneKeyLoadOnce() throws Exception {
        // Two application contexts are two execution environments: separate connections, no shared memory.
        try (ApplicationContext first = CacheContexts.start(redis.url());
                ApplicationContext second = CacheContexts.start(
                        redis.url(),
                        "cache.namespace",
                        first.getBean(CacheSettings.class).getNamespace())) {
            AtomicInteger loads = new AtomicInteger();
            List<Integer> results =
                    race(40, List.of(first.getBean(CacheService.class), second.getBean(CacheService.class)), () -> {
                        loads.incrementAndGet();
                        sleep(300);
                        return 7;
                    });
            assertThat(results).hasSize(40).containsOnly(7);
            assertThat(loads).hasValue(1);
        }
    }

    @Test
    void aStaleFillNeverOverwritesAWriteThrough() throws Exception {
        try (ApplicationContext context = CacheContexts.start(redis.url())) {
            CacheService cache = context.getBean(CacheService.class);
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch written = new CountDownLatch(1);
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(
                    () -> cache.getOrLoad("user:3:profile", Duration.ofMinutes(5), String.class, () -> {
                        loading.countDown();
                        await(written);
                        return "old name (read before the update)";
                    }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            // The update commits, then writes through.
            assertThat(cache.set("user:3:profile", "new name")).isTrue();
            written.countDown();
            assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("old name (read before the update)");
            assertThat(cache.get("user:3:profile", String.class)).contains("new name");
        }
    }

    @Test
    void aFillLoadedBeforeAWriteThroughIsDroppedEvenOnceTheWrittenValueExpired() throws Exception {
        try (ApplicationContext context = CacheContexts.start(redis.url())) {
            CacheService cache = context.getBean(CacheService.class);
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch written = new CountDownLatch(1);
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(
                    () -> cache.getOrLoad("user:6:profile", Duration.ofMinutes(5), String.class, () -> {
                        loading.countDown();
                        await(written);
                        return "old name";
                    }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.set("user:6:profile", "new name", Duration.ofMillis(100)))
                    .isTrue();
            long deadline = System.currentTimeMillis() + 5_000;
            while (cache.exists("user:6:profile") && System.currentTimeMillis() < deadline) {
                sleep(20);
            }
            assertThat(cache.exists("user:6:profile")).isFalse();
            written.countDown();
            assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("old name");
            // The fill read the generation before the write-through bumped it: dropped, not stored.
            assertThat(cache.exists("user:6:profile")).isFalse();
        }
    }

    @Test
    void aStaleFillIsDroppedAfterAnInvalidation() throws Exception {
        try (ApplicationContext context = CacheContexts.start(redis.url())) {
            CacheService cache = context.getBean(CacheService.class);
            for (Runnable invalidation : List.<Runnable>of(
                    () -> cache.invalidateUserCache(4),
                    () -> cache.delete("user:4:stats"),
                    () -> cache.deletePattern("user:4:*"),
                    () -> cache.deletePattern("user:*:stats"),
                    cache::clearAll)) {
                CountDownLatch loading = new CountDownLatch(1);
                CountDownLatch invalidated = new CountDownLatch(1);
                CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(
                        () -> cache.getOrLoad("user:4:stats", Duration.ofMinutes(5), Integer.class, () -> {
                            loading.countDown();
                            await(invalidated);
                            return 10;
                        }));
                assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
                invalidation.run();
                invalidated.countDown();
                assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo(10);
                assertThat(cache.exists("user:4:stats")).isFalse();
            }
            // Without a concurrent invalidation, the fill happens.
            assertThat(cache.getOrLoad("user:4:stats", Duration.ofMinutes(5), Integer.class, () -> 11))
                    .isEqualTo(11);
            assertThat(cache.get("user:4:stats", Integer.class)).contains(11);
        }
    }

    @Test
    void aFailingLoaderReleasesTheLockAndPropagates() {
        try (ApplicationContext context = CacheContexts.start(redis.url())) {
            CacheService cache = context.getBean(CacheService.class);
            String ns = context.getBean(CacheSettings.class).getNamespace();
            assertThatThrownBy(() -> cache.getOrLoad("user:5:stats", Duration.ofMinutes(1), Integer.class, () -> {
                        throw new IllegalStateException("database said no");
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("database said no");
            // The lock is gone at once (it would otherwise live its 5 s)...
            assertThat(redis.cli("exists", ns + ":v1:{user:5}:stats~lock").trim())
                    .isEqualTo("0");
            // ...so the next caller loads itself instead of waiting for a lock nobody holds.
            AtomicInteger loads = new AtomicInteger();
            assertThat(cache.getOrLoad(
                            "user:5:stats", Duration.ofMinutes(1), Integer.class, () -> 5 + loads.getAndIncrement()))
                    .isEqualTo(5);
            assertThat(loads).hasValue(1);
            assertThat(cache.get("user:5:stats", Integer.class)).contains(5);
        }
    }

    private static List<Integer> race(
            int threads, List<CacheService> caches, java.util.function.Supplier<Integer> loader) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier barrier = new CyclicBarrier(threads);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CacheService cache = caches.get(i % caches.size());
                futures.add(pool.submit(() -> {
                    barrier.await();
                    return cache.getOrLoad("challenge:77:leaderboard", Duration.ofMinutes(1), Integer.class, loader);
                }));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
