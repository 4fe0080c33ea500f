package com.focusapi.shared.stats;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The per-app daily limits ({@code blocked_apps}) against the usage of a day, in one place for the activities
 * and blocked-apps functions. Usage is always summed from {@code activities} (never a stored counter), and each
 * crossing (the warning threshold, the limit) of one app by one user on one day is counted once: by the
 * transaction whose {@code INSERT ... ON CONFLICT DO NOTHING} into {@code limit_events} wrote the row.
 */
@Singleton
public class DailyLimits {
    /**
     * The minutes of the {@code blocked_apps} row aliased {@code b} on the day bound to its one parameter: the
     * sum of that user's activities of that app (case-insensitive) dated that day.
     */
    public static final String USAGE_OF_B = "(SELECT COALESCE(SUM(a.duration_minutes), 0) FROM activities a "
            + "WHERE a.user_id = b.user_id AND lower(a.app_name) = lower(b.app_name) AND a.activity_date = ?)";

    /**
     * The limit of one app after a recomputation: {@code blocked} is usage &ge; limit; {@code warning} and
     * {@code reachedNow} are true only in the one transaction that first crossed the threshold that day.
     */
    public record Outcome(
            String appName,
            int usageMinutes,
            int dailyLimitMinutes,
            boolean blocked,
            boolean warning,
            boolean reachedNow) {}

    /**
     * Recomputes the usage on {@code day} of the user's limit for {@code appName}, if there is one, inside the
     * caller's transaction (call it after the activity write). The limit row is locked first, so that the
     * writes of one user's app queue here and each one sums what the ones before it committed: the response
     * that crosses is the one whose write crossed. On first reaching the limit the app is marked blocked.
     */
    public Optional<Outcome> recompute(Connection c, long userId, String appName, LocalDate day) throws SQLException {
        long id;
        String name;
        int limit;
        int notifyAt;
        try (PreparedStatement st = c.prepareStatement("SELECT id, app_name, daily_limit_minutes, notify_at_percentage "
                + "FROM blocked_apps WHERE user_id = ? AND lower(app_name) = lower(?) FOR UPDATE")) {
            st.setLong(1, userId);
            st.setString(2, appName);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
                name = rs.getString(2);
                limit = rs.getInt(3);
                notifyAt = rs.getInt(4);
            }
        }
        // A statement of its own, after the lock: its snapshot sees every write that queued before this one.
        int usage;
        try (PreparedStatement st =
                c.prepareStatement("SELECT " + USAGE_OF_B + " FROM blocked_apps b WHERE b.id = ?")) {
            st.setDate(1, Date.valueOf(day));
            st.setLong(2, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                usage = rs.getInt(1);
            }
        }
        boolean reached = usage >= limit;
        boolean warning =
                (long) usage * 100 >= (long) limit * notifyAt && firstCrossing(c, userId, name, day, "warning", usage);
        boolean reachedNow = reached && firstCrossing(c, userId, name, day, "blocked", usage);
        if (reachedNow) {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE blocked_apps SET is_blocked = TRUE, last_blocked_at = now(), updated_at = now() WHERE id = ?")) {
                st.setLong(1, id);
                st.executeUpdate();
            }
        }
        return Optional.of(new Outcome(name, usage, limit, reached, warning, reachedNow));
    }

    private static boolean firstCrossing(
            Connection c, long userId, String appName, LocalDate day, String kind, int usage) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO limit_events (user_id, app_name, day, kind, usage_minutes) "
                        + "VALUES (?, lower(?), ?, ?, ?) ON CONFLICT DO NOTHING")) {
            st.setLong(1, userId);
            st.setString(2, appName);
            st.setDate(3, Date.valueOf(day));
            st.setString(4, kind);
            st.setInt(5, usage);
            return st.executeUpdate() == 1;
        }
    }
}
