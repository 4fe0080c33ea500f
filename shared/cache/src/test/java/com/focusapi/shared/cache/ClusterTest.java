package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.RedisCluster;
import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster mode (what ElastiCache Serverless offers) against a real 3-master Redis Cluster on loopback. */
class ClusterTest {
    private static RedisCluster cluster;
    private static ApplicationContext context;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start(3);
        context = CacheContexts.start(cluster.url(), "redis.cluster", true);
        cache = context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        cluster.close();
    }

    @Test
    void theWholeApiWorksAcrossSlotsAndNodes() {
        cache.clearAll();
        for (long id = 1; id <= 150; id++) {
            assertThat(cache.set(CacheKeys.userProfile(id), "p" + id)).isTrue();
            assertThat(cache.set(CacheKeys.userStats(id), id)).isTrue();
        }
        // The families spread over every master.
        for (RedisServer node : cluster.nodes()) {
            assertThat(Long.parseLong(node.cli("dbsize").trim())).isPositive();
        }
        assertThat(cache.get(CacheKeys.userStats(77), Long.class)).contains(77L);
        assertThat(context.getBean(CacheProbe.class).status().totalKeys()).isGreaterThanOrEqualTo(300);

        assertThat(cache.invalidateUserCache(1)).isEqualTo(2);
        assertThat(cache.exists("user:1:profile")).isFalse();
        assertThat(cache.exists("user:10:profile")).isTrue();
        assertThat(cache.exists("user:123:stats")).isTrue();

        // SCAN visits every master.
        assertThat(cache.deletePattern("user:*:stats")).isEqualTo(149);
        assertThat(cache.exists("user:123:stats")).isFalse();
        assertThat(cache.exists("user:123:profile")).isTrue();

        assertThat(cache.clearAll()).isGreaterThanOrEqualTo(149);
        // Only the generation counters are left (bumped, so fills in flight are dropped; they expire by themselves).
        for (RedisServer node : cluster.nodes()) {
            assertThat(node.cli("keys", "*").lines().map(String::trim).filter(l -> !l.isEmpty()))
                    .allMatch(k -> k.endsWith("}~gen"));
        }
    }

    @Test
    void singleFlightOnACluster() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CyclicBarrier barrier = new CyclicBarrier(20);
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                barrier.await();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            return cache.getOrLoad(
                                    "challenge:5:leaderboard", Duration.ofMinutes(1), Integer.class, () -> {
                                        loads.incrementAndGet();
                                        sleep(200);
                                        return 3;
                                    });
                        },
                        pool));
            }
            for (CompletableFuture<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(3);
            }
            assertThat(loads).hasValue(1);
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
}
