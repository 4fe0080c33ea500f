package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** invalidateUserCache(1) touches user 1 only, never 10, 123 or 1234, and never scans the keyspace. */
class InvalidationTest {
    private static RedisServer redis;
    private static ApplicationContext context;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        context = CacheContexts.start(redis.url());
        cache = context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        redis.stop();
    }

    @Test
    void userInvalidationIsExact() {
        List<Long> users = List.of(1L, 10L, 123L, 1234L, 21L);
        for (long id : users) {
            cache.set(CacheKeys.user(id), "u" + id);
            cache.set(CacheKeys.userProfile(id), "p" + id);
            cache.set(CacheKeys.userStats(id), id);
            cache.set(CacheKeys.userDailyStats(id, LocalDate.of(2024, 10, 30)), id);
        }
        redis.cli("config", "resetstat");

        assertThat(cache.invalidateUserCache(1)).isEqualTo(4);

        assertThat(cache.exists("user:1")).isFalse();
        assertThat(cache.exists("user:1:profile")).isFalse();
        assertThat(cache.exists("user:1:stats")).isFalse();
        assertThat(cache.exists("user:1:stats:daily:2024-10-30")).isFalse();
        for (long other : List.of(10L, 123L, 1234L, 21L)) {
            assertThat(cache.exists(CacheKeys.user(other))).isTrue();
            assertThat(cache.exists(CacheKeys.userProfile(other))).isTrue();
            assertThat(cache.exists(CacheKeys.userStats(other))).isTrue();
            assertThat(cache.exists(CacheKeys.userDailyStats(other, LocalDate.of(2024, 10, 30))))
                    .isTrue();
        }
        String commands = redis.cli("info", "commandstats");
        assertThat(commands).doesNotContain("cmdstat_scan").doesNotContain("cmdstat_keys");
    }

    @Test
    void challengeInvalidationIsExact() {
        for (long id : List.of(4L, 45L, 456L)) {
            cache.set(CacheKeys.challenge(id), "c" + id);
            cache.set(CacheKeys.challengeLeaderboard(id), List.of(id));
        }
        cache.set(CacheKeys.userProfile(456), "a user with the same id");

        assertThat(cache.invalidateChallengeCache(456)).isEqualTo(2);

        assertThat(cache.exists("challenge:456")).isFalse();
        assertThat(cache.exists("challenge:456:leaderboard")).isFalse();
        assertThat(cache.exists("challenge:4")).isTrue();
        assertThat(cache.exists("challenge:45:leaderboard")).isTrue();
        assertThat(cache.exists("user:456:profile")).isTrue();
    }

    @Test
    void invalidatingAnEmptyTagIsHarmless() {
        assertThat(cache.invalidateUserCache(999_999)).isZero();
    }
}
