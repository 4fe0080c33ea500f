package com.focusapi.shared.stats;

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

    public static String userStatsKey(long userId) {
        return "user:" + userId + ":stats";
    }

    public static String dailyKey(long userId, LocalDate date) {
        return "user:" + userId + ":stats:daily:" + date;
    }

    public UserStats userStats(long userId, Supplier<UserStats> loader) {
        // CACHE: return cache.getOrLoad(userStatsKey(userId), TTL, UserStats.class, loader::get);
        return loader.get();
    }

    public DailyStats daily(long userId, LocalDate date, Supplier<DailyStats> loader) {
        // CACHE: return cache.getOrLoad(dailyKey(userId, date), TTL, DailyStats.class, loader::get);
        return loader.get();
    }

    /** An activity of {@code userId} dated {@code dates} was created, updated or deleted (after the commit). */
    public void activityChanged(long userId, Collection<LocalDate> dates) {
        // CACHE: cache.delete(userStatsKey(userId)); dates.forEach(d -> cache.delete(dailyKey(userId, d)));
    }
}
