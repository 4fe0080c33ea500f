package com.focusapi.blockedapps;

import com.focusapi.shared.stats.DailyLimits;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of {@code blocked_apps}. Every statement is scoped by {@code user_id}: another user's limit does not
 * exist. Every read sums the usage of {@code today} from {@code activities} in the same query.
 */
@Singleton
public class BlockedAppRepository {
    private static final String SELECT =
            "SELECT b.id, b.app_name, b.app_package, b.app_category, b.daily_limit_minutes, "
                    + "b.is_blocked, b.block_start_time, b.block_end_time, b.block_on_weekends, b.notify_at_percentage, "
                    + "b.last_blocked_at, b.created_at, b.updated_at, " + DailyLimits.USAGE_OF_B
                    + " AS usage_today FROM blocked_apps b ";

    /** A limit's stored fields, defaults applied (create) or merged with the current row's (update). */
    public record Values(
            String appName,
            String appPackage,
            String appCategory,
            int dailyLimitMinutes,
            boolean isBlocked,
            LocalTime blockStartTime,
            LocalTime blockEndTime,
            boolean blockOnWeekends,
            int notifyAtPercentage) {}

    /** The new row's id, or empty when the user already has a limit for that app (any case). */
    public Optional<Long> insert(Connection c, long userId, Values v) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO blocked_apps (app_name, app_package, app_category, "
                + "daily_limit_minutes, is_blocked, block_start_time, block_end_time, block_on_weekends, notify_at_percentage, "
                + "user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id")) {
            bind(st, v);
            st.setLong(10, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** False when the new name is another limit's of the same user (nothing written: the caller rolls back). */
    public boolean update(Connection c, long userId, long id, Values v) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE blocked_apps SET app_name = ?, app_package = ?, app_category = ?, "
                        + "daily_limit_minutes = ?, is_blocked = ?, block_start_time = ?, block_end_time = ?, block_on_weekends = ?, "
                        + "notify_at_percentage = ?, updated_at = now() WHERE user_id = ? AND id = ?")) {
            bind(st, v);
            st.setLong(10, userId);
            st.setLong(11, id);
            st.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    public boolean delete(Connection c, long userId, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM blocked_apps WHERE user_id = ? AND id = ?")) {
            st.setLong(1, userId);
            st.setLong(2, id);
            return st.executeUpdate() == 1;
        }
    }

    public Optional<BlockedAppResponse> find(Connection c, long userId, long id, LocalDate today) throws SQLException {
        return byId(c, userId, id, today, "");
    }

    /** Locks the row for the rest of the transaction (an update merges into what it read). */
    public Optional<BlockedAppResponse> findForUpdate(Connection c, long userId, long id, LocalDate today)
            throws SQLException {
        return byId(c, userId, id, today, " FOR UPDATE OF b");
    }

    private static Optional<BlockedAppResponse> byId(Connection c, long userId, long id, LocalDate today, String lock)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SELECT + "WHERE b.user_id = ? AND b.id = ?" + lock)) {
            st.setDate(1, Date.valueOf(today));
            st.setLong(2, userId);
            st.setLong(3, id);
            return one(st);
        }
    }

    public Optional<BlockedAppResponse> findByApp(Connection c, long userId, String appName, LocalDate today)
            throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement(SELECT + "WHERE b.user_id = ? AND lower(b.app_name) = lower(?)")) {
            st.setDate(1, Date.valueOf(today));
            st.setLong(2, userId);
            st.setString(3, appName);
            return one(st);
        }
    }

    public long count(Connection c, long userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM blocked_apps WHERE user_id = ?")) {
            st.setLong(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<BlockedAppResponse> list(Connection c, long userId, LocalDate today, int offset, int limit)
            throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement(SELECT + "WHERE b.user_id = ? ORDER BY lower(b.app_name), b.id OFFSET ? LIMIT ?")) {
            st.setDate(1, Date.valueOf(today));
            st.setLong(2, userId);
            st.setInt(3, offset);
            st.setInt(4, limit);
            List<BlockedAppResponse> items = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs));
                }
            }
            return items;
        }
    }

    private static void bind(PreparedStatement st, Values v) throws SQLException {
        st.setString(1, v.appName());
        st.setString(2, v.appPackage());
        st.setString(3, v.appCategory());
        st.setInt(4, v.dailyLimitMinutes());
        st.setBoolean(5, v.isBlocked());
        setTime(st, 6, v.blockStartTime());
        setTime(st, 7, v.blockEndTime());
        st.setBoolean(8, v.blockOnWeekends());
        st.setInt(9, v.notifyAtPercentage());
    }

    private static void setTime(PreparedStatement st, int i, LocalTime time) throws SQLException {
        if (time == null) {
            st.setNull(i, Types.TIME);
        } else {
            st.setObject(i, time);
        }
    }

    private static Optional<BlockedAppResponse> one(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static BlockedAppResponse map(ResultSet rs) throws SQLException {
        int limit = rs.getInt("daily_limit_minutes");
        int usage = rs.getInt("usage_today");
        return new BlockedAppResponse(
                rs.getLong("id"),
                rs.getString("app_name"),
                rs.getString("app_package"),
                rs.getString("app_category"),
                limit,
                rs.getBoolean("is_blocked"),
                rs.getObject("block_start_time", LocalTime.class),
                rs.getObject("block_end_time", LocalTime.class),
                rs.getBoolean("block_on_weekends"),
                rs.getInt("notify_at_percentage"),
                usage,
                Math.round(usage * 1000.0 / limit) / 10.0,
                Math.max(0, limit - usage),
                usage >= limit,
                rs.getObject("last_blocked_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
