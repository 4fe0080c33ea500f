package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Cached} keys come from the key parameters only, in the documented format. */
class CachedTest {
    private static RedisServer redis;
    private static ApplicationContext context;
    private static StatsLoader loader;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        context = CacheContexts.start(redis.url());
        loader = context.getBean(StatsLoader.class);
        cache = context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        context.close();
        redis.stop();
    }

    @BeforeEach
    void reset() {
        cache.clearAll();
        loader.calls.set(0);
    }

    @Test
    void twoCallsWithDifferentSessionsHitTheSameKey() {
        assertThat(loader.totalMinutes(123, new StatsLoader.Session("a"))).isEqualTo(1230);
        assertThat(loader.totalMinutes(123, new StatsLoader.Session("b"))).isEqualTo(1230);
        assertThat(loader.calls).hasValue(1);
        assertThat(cache.get("user:123", Integer.class)).contains(1230);
        // Another user is another key.
        assertThat(loader.totalMinutes(12, new StatsLoader.Session("a"))).isEqualTo(120);
        assertThat(loader.calls).hasValue(2);
    }

    @Test
    void keyHasParametersInOrderThenTheName() {
        List<StatsLoader.AppUsage> first =
                loader.dailyApps(7, LocalDate.of(2024, 10, 30), new StatsLoader.Session("x"));
        List<StatsLoader.AppUsage> second =
                loader.dailyApps(7, LocalDate.of(2024, 10, 30), new StatsLoader.Session("y"));
        assertThat(second).isEqualTo(first).first().isInstanceOf(StatsLoader.AppUsage.class);
        assertThat(loader.calls).hasValue(1);
        assertThat(cache.exists("user:7:2024-10-30:stats")).isTrue();
        // Its tag is the user's: invalidating user 7 reloads it.
        cache.invalidateUserCache(7);
        loader.dailyApps(7, LocalDate.of(2024, 10, 30), new StatsLoader.Session("z"));
        assertThat(loader.calls).hasValue(2);
    }

    @Test
    void cacheKeyParametersWinAndFalseIsAHit() {
        assertThat(loader.hasLeader(9, "one")).isFalse();
        assertThat(loader.hasLeader(9, "two")).isFalse();
        assertThat(loader.calls).hasValue(1);
        assertThat(cache.exists("challenge:9:leaderboard")).isTrue();
    }

    @Test
    void aParameterThatCannotBeAKeyRunsUncached() {
        assertThat(loader.search("two words")).containsExactly("two words");
        assertThat(loader.search("two words")).containsExactly("two words");
        assertThat(loader.calls).hasValue(2);
        loader.search("single");
        loader.search("single");
        assertThat(loader.calls).hasValue(3);
    }

    @Test
    void aMethodWithParametersButNoKeyParameterRunsUncached() {
        assertThat(loader.profileOf(new StatsLoader.Session("alice"))).isEqualTo("profile of alice");
        assertThat(loader.profileOf(new StatsLoader.Session("bob"))).isEqualTo("profile of bob");
        assertThat(loader.calls).hasValue(2);
        assertThat(cache.exists("user:profile")).isFalse();
        // Without parameters at all, one shared entry is what is meant.
        assertThat(loader.config()).isEqualTo("settings");
        assertThat(loader.config()).isEqualTo("settings");
        assertThat(loader.calls).hasValue(3);
        assertThat(cache.exists("config")).isTrue();
    }

    @Test
    void aKeyParameterWithASeparatorOrReservedCharacterRunsUncached() {
        for (String hostile : List.of("123:stats", "123:profile", "1{x}", "1~keys", "1*", "12 3")) {
            loader.profileById(hostile);
            loader.profileById(hostile);
        }
        assertThat(loader.calls).hasValue(12);
        assertThat(cache.exists("user:123:stats:profile")).isFalse();
        assertThat(cache.exists("user:123:profile")).isFalse();
        assertThat(loader.profileById("123")).isEqualTo("profile of 123");
        assertThat(loader.profileById("123")).isEqualTo("profile of 123");
        assertThat(loader.calls).hasValue(13);
        assertThat(cache.get("user:123:profile", String.class)).contains("profile of 123");
    }
}
