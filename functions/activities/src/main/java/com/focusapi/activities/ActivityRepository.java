package com.focusapi.activities;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of {@code activities}. Every read and write is scoped by {@code user_id}: another user's row does not exist. */
@Singleton
public class ActivityRepository {
    private static final String COLUMNS =
            "id, user_id, app_name, app_package, app_category, duration_minutes, start_time, "
                    + "end_time, activity_date, device_type, session_id, created_at, updated_at";

    /** A validated activity, defaults applied. */
    public record Values(
            String appName,
            String appPackage,
            String appCategory,
            int durationMinutes,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            LocalDate activityDate,
            String deviceType,
            String sessionId) {}

    /** List filters: app name (exact, case-insensitive) and an inclusive date range, each optional. */
    public record Filter(String app, LocalDate startDate, LocalDate endDate) {}

    public ActivityResponse insert(Connection c, long userId, Values v) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO activities (user_id, app_name, app_package, app_category, "
                        + "duration_minutes, start_time, end_time, activity_date, device_type, session_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            st.setLong(1, userId);
            bind(st, 2, v);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return map(rs);
            }
        }
    }

    public Optional<ActivityResponse> find(Connection c, long userId, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT " + COLUMNS + " FROM activities WHERE id = ? AND user_id = ?")) {
            st.setLong(1, id);
            st.setLong(2, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Locks the row for the rest of the transaction, so an update or delete knows the date it replaces. */
    public Optional<ActivityResponse> findForUpdate(Connection c, long userId, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT " + COLUMNS + " FROM activities WHERE id = ? AND user_id = ? FOR UPDATE")) {
            st.setLong(1, id);
            st.setLong(2, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public ActivityResponse update(Connection c, long userId, long id, Values v) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE activities SET app_name = ?, app_package = ?, app_category = ?, "
                        + "duration_minutes = ?, start_time = ?, end_time = ?, activity_date = ?, device_type = ?, session_id = ?, "
                        + "updated_at = now() WHERE id = ? AND user_id = ? RETURNING " + COLUMNS)) {
            bind(st, 1, v);
            st.setLong(10, id);
            st.setLong(11, userId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return map(rs);
            }
        }
    }

    /**
     * The minutes the user has recorded on {@code date}, leaving out activity {@code exceptId} (the one an
     * update replaces; 0 for none). Takes a transaction-scoped lock on (user, date) first, so two concurrent
     * writes for the same day are checked one after the other.
     */
    public long minutesOn(Connection c, long userId, LocalDate date, long exceptId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, (int) userId);
            lock.setInt(2, (int) date.toEpochDay());
            lock.execute();
        }
        try (PreparedStatement st = c.prepareStatement("SELECT COALESCE(SUM(duration_minutes), 0) FROM activities "
                + "WHERE user_id = ? AND activity_date = ? AND id <> ?")) {
            st.setLong(1, userId);
            st.setDate(2, Date.valueOf(date));
            st.setLong(3, exceptId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void delete(Connection c, long userId, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM activities WHERE id = ? AND user_id = ?")) {
            st.setLong(1, id);
            st.setLong(2, userId);
            st.executeUpdate();
        }
    }

    public long count(Connection c, long userId, Filter f) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM activities WHERE " + where())) {
            bindFilter(st, userId, f);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<ActivityResponse> list(Connection c, long userId, Filter f, int offset, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM activities WHERE " + where()
                + " ORDER BY activity_date DESC, id DESC OFFSET ? LIMIT ?")) {
            int next = bindFilter(st, userId, f);
            st.setInt(next, offset);
            st.setInt(next + 1, limit);
            List<ActivityResponse> items = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs));
                }
            }
            return items;
        }
    }

    private static String where() {
        return "user_id = ? AND (?::text IS NULL OR lower(app_name) = lower(?)) "
                + "AND (?::date IS NULL OR activity_date >= ?) AND (?::date IS NULL OR activity_date <= ?)";
    }

    private static int bindFilter(PreparedStatement st, long userId, Filter f) throws SQLException {
        st.setLong(1, userId);
        st.setString(2, f.app());
        st.setString(3, f.app());
        Date start = f.startDate() == null ? null : Date.valueOf(f.startDate());
        Date end = f.endDate() == null ? null : Date.valueOf(f.endDate());
        st.setDate(4, start);
        st.setDate(5, start);
        st.setDate(6, end);
        st.setDate(7, end);
        return 8;
    }

    private static void bind(PreparedStatement st, int i, Values v) throws SQLException {
        st.setString(i, v.appName());
        st.setString(i + 1, v.appPackage());
        st.setString(i + 2, v.appCategory());
        st.setInt(i + 3, v.durationMinutes());
        st.setObject(i + 4, v.startTime());
        st.setObject(i + 5, v.endTime());
        st.setDate(i + 6, Date.valueOf(v.activityDate()));
        st.setString(i + 7, v.deviceType());
        st.setString(i + 8, v.sessionId());
    }

    private static ActivityResponse map(ResultSet rs) throws SQLException {
        return new ActivityResponse(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("app_name"),
                rs.getString("app_package"),
                rs.getString("app_category"),
                rs.getInt("duration_minutes"),
                rs.getObject("start_time", OffsetDateTime.class),
                rs.getObject("end_time", OffsetDateTime.class),
                rs.getDate("activity_date").toLocalDate(),
                rs.getString("device_type"),
                rs.getString("session_id"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                null);
    }
}
