package com.focusapi.shared.stats;

import com.focusapi.shared.cache.CacheAnswer;
import com.focusapi.shared.cache.CacheKeys;
import com.focusapi.shared.cache.CacheService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The cache rules of the statistics (spec, cache table), in one place: keys {@code user:{id}:stats} and
 * {@code user:{id}:stats:daily:{date}}, 10 minutes, cache-aside with single flight; and the one entry point,
 * {@link #activityChanged}, that every activity write calls after its commit so that exactly that user's
 * statistics (and the daily entries of the dates touched) are dropped, nobody else's.
 */
@Singleton
public class StatsCache {
    public static final Duration TTL = Duration.ofMinutes(10);

    private final CacheService cache;

    public StatsCache(CacheService cache) {
        this.cache = cache;
    }

    public static String userStatsKey(long userId) {
        return CacheKeys.userStats(userId);
    }

    public static String dailyKey(long userId, LocalDate date) {
        return CacheKeys.userDailyStats(userId, date);
    }

    /** As the answer of a route: a hit is the cached JSON, served as it is; empty when the loader found nothing. */
    public CacheAnswer<UserStats> userStats(long userId, Supplier<UserStats> loader) {
        return cache.getOrLoadAnswer(userStatsKey(userId), TTL, UserStats.class, loader);
    }

    public CacheAnswer<DailyStats> daily(long userId, LocalDate date, Supplier<DailyStats> loader) {
        return cache.getOrLoadAnswer(dailyKey(userId, date), TTL, DailyStats.class, loader);
    }

    /**
     * An activity of {@code userId} dated {@code dates} was created, updated or deleted (call after the
     * commit). Drops that user's statistics and the daily entries of those dates only: the profile and
     * every other user's entries stay. A fill in flight for these keys is discarded by the cache.
     */
    public void activityChanged(long userId, Collection<LocalDate> dates) {
        cache.delete(userStatsKey(userId));
        for (LocalDate date : dates) {
            cache.delete(dailyKey(userId, date));
        }
    }
}
