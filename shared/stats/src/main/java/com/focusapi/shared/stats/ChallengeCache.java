package com.focusapi.shared.stats;

import com.focusapi.shared.cache.CacheAnswer;
import com.focusapi.shared.cache.CacheKeys;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cache rules of challenges (spec, cache table), in the one place that both the challenges function and
 * the activities function reach (no function imports another): keys {@code challenge:{id}} (1 h) and
 * {@code challenge:{id}:leaderboard} (10 min), cache-aside with single flight, and the invalidations:
 * {@link #challengeChanged} after a join, leave or status change, {@link #activityChanged} after any activity
 * write. The cached challenge never holds an invitation code: the challenges function adds it per request,
 * for participants only.
 */
@Singleton
public class ChallengeCache {
    public static final Duration CHALLENGE_TTL = Duration.ofHours(1);
    public static final Duration LEADERBOARD_TTL = Duration.ofMinutes(10);

    /** Challenges whose leaderboard still moves (completed ones are frozen), where the user takes part, and whose window holds one of the dates. */
    private static final String AFFECTED = """
            SELECT DISTINCT c.id FROM challenge_participants p
            JOIN challenges c ON c.id = p.challenge_id
            WHERE p.user_id = ? AND p.is_active AND c.status IN ('pending', 'active')
              AND EXISTS (SELECT 1 FROM unnest(?::date[]) AS d(day) WHERE d.day BETWEEN c.start_date AND c.end_date)""";

    private final CacheService cache;
    private final Database database;

    public ChallengeCache(CacheService cache, Database database) {
        this.cache = cache;
        this.database = database;
    }

    public static String challengeKey(long challengeId) {
        return CacheKeys.challenge(challengeId);
    }

    public static String leaderboardKey(long challengeId) {
        return CacheKeys.challengeLeaderboard(challengeId);
    }

    /** The challenge as everybody may see it (no invitation code). */
    public <T> T challenge(long challengeId, Class<T> type, Supplier<T> loader) {
        return cache.getOrLoad(challengeKey(challengeId), CHALLENGE_TTL, type, loader);
    }

    /** As the answer of a route: a hit is the cached JSON, served as it is; empty when the loader found nothing. */
    public <T> CacheAnswer<T> leaderboard(long challengeId, Class<T> type, Supplier<T> loader) {
        return cache.getOrLoadAnswer(leaderboardKey(challengeId), LEADERBOARD_TTL, type, loader);
    }

    /** A join, leave or status change of the challenge was committed: drops that challenge and its leaderboard, nothing else. */
    public void challengeChanged(long challengeId) {
        cache.delete(challengeKey(challengeId));
        cache.delete(leaderboardKey(challengeId));
    }

    /**
     * An activity of {@code userId} dated {@code dates} (old and new date of an update) was created, updated
     * or deleted (call after the commit): drops the leaderboards of the pending or active challenges the
     * user takes part in whose window holds one of those dates. Nothing else: not the challenges themselves,
     * not other challenges' leaderboards. Returns the challenge ids whose leaderboard was dropped.
     */
    public List<Long> activityChanged(long userId, Collection<LocalDate> dates) {
        if (dates.isEmpty() || !cache.isEnabled()) {
            return List.of();
        }
        List<Long> affected = database.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(AFFECTED)) {
                Array days = c.createArrayOf(
                        "date", dates.stream().distinct().map(Date::valueOf).toArray());
                st.setLong(1, userId);
                st.setArray(2, days);
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
        affected.forEach(id -> cache.delete(leaderboardKey(id)));
        return affected;
    }
}
