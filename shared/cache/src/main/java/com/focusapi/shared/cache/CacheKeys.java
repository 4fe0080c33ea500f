package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.KeyLayout;
import java.time.LocalDate;
import java.util.StringJoiner;

/**
 * Key format: {@code resource:id[:attribute...]}, segments joined by {@code :} (the guide's
 * {@code user:123:profile}). A key's <em>tag</em> (its family) is its first two segments, {@code user:123}:
 * invalidating that tag removes exactly the keys that start with {@code user:123:} or equal
 * {@code user:123}, never {@code user:1234}. Keys may not contain whitespace, {@code { } ~} or glob
 * characters. The spec's table of cached data is spelled out below so that every function agrees on it.
 */
public final class CacheKeys {
    private CacheKeys() {}

    /** Joins segments: {@code of("user", 123, "stats")} is {@code user:123:stats}. */
    public static String of(Object... segments) {
        StringJoiner key = new StringJoiner(":");
        for (Object segment : segments) {
            key.add(String.valueOf(segment));
        }
        return KeyLayout.validate(key.toString());
    }

    /** The tag (family) a key belongs to: {@code user:123:stats:daily:2024-10-30} → {@code user:123}. */
    public static String tagOf(String key) {
        return KeyLayout.family(KeyLayout.validate(key));
    }

    /** The tag of everything cached about a user. */
    public static String user(long userId) {
        return of("user", userId);
    }

    public static String userProfile(long userId) {
        return of("user", userId, "profile");
    }

    /** What an authenticated request needs about its account (flags, role, token version). */
    public static String userAuth(long userId) {
        return of("user", userId, "auth");
    }

    public static String userStats(long userId) {
        return of("user", userId, "stats");
    }

    public static String userDailyStats(long userId, LocalDate date) {
        return of("user", userId, "stats", "daily", date);
    }

    /** The tag of everything cached about a challenge, and the key of the challenge itself. */
    public static String challenge(long challengeId) {
        return of("challenge", challengeId);
    }

    public static String challengeLeaderboard(long challengeId) {
        return of("challenge", challengeId, "leaderboard");
    }
}
