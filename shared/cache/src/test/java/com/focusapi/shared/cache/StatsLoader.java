package com.focusapi.shared.cache;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A bean of the test application with {@link Cached} methods; it counts how often each really runs. */
@Singleton
public class StatsLoader {
    /** Stands for a database connection or request context: never part of a key. */
    public record Session(String id) {}

    public record AppUsage(String appName, int minutes) {}

    final AtomicInteger calls = new AtomicInteger();

    @Cached(ttl = 300, keyPrefix = "user")
    public int totalMinutes(long userId, Session session) {
        calls.incrementAndGet();
        return (int) userId * 10;
    }

    @Cached(ttl = 600, keyPrefix = "user", name = "stats")
    public List<AppUsage> dailyApps(long userId, LocalDate date, Session session) {
        calls.incrementAndGet();
        return List.of(new AppUsage("instagram", 30), new AppUsage("tiktok", 12));
    }

    @Cached(keyPrefix = "challenge", name = "leaderboard")
    public boolean hasLeader(@CacheKey long challengeId, String unrelatedLabel) {
        calls.incrementAndGet();
        return false;
    }

    @Cached(keyPrefix = "search")
    public List<String> search(String query) {
        calls.incrementAndGet();
        return List.of(query);
    }

    /** No key parameter: caching it would share one entry among all sessions (users). */
    @Cached(keyPrefix = "user", name = "profile")
    public String profileOf(Session session) {
        calls.incrementAndGet();
        return "profile of " + session.id();
    }

    @Cached(keyPrefix = "user", name = "profile")
    public String profileById(String userId) {
        calls.incrementAndGet();
        return "profile of " + userId;
    }

    @Cached(keyPrefix = "config")
    public String config() {
        calls.incrementAndGet();
        return "settings";
    }
}
