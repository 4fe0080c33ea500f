package com.focusapi.shared.stats;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of the spec, computed by SQL over {@code activities}. Shared by the activities function
 * (daily, weekly, per-app) and the users function ({@code me/stats}, {@code {id}/stats}) so that both
 * serve, and cache, one definition of each number. Pure reads: caching is {@link StatsCache}'s business.
 */
@Singleton
public class ActivityStats {
    private static final String PER_APP = "SELECT app_name, SUM(duration_minutes) AS total, COUNT(*) AS sessions, "
            + "MAX(COALESCE(end_time, start_time, created_at)) AS last_used FROM activities "
            + "WHERE user_id = ? AND activity_date BETWEEN ? AND ? GROUP BY app_name ORDER BY total DESC, app_name";

    private final Database database;

    public ActivityStats(Database database) {
        this.database = database;
    }

    public DailyStats daily(long userId, LocalDate date) {
        return database.withConnection(c -> daily(c, userId, date));
    }

    /** The seven days ending {@code endDate}. */
    public WeeklyStats weekly(long userId, LocalDate endDate) {
        return database.withConnection(c -> weekly(c, userId, endDate));
    }

    public UserStats userStats(long userId, LocalDate today, int dailyLimitMinutes) {
        return database.withConnection(c -> {
            DailyStats daily = daily(c, userId, today);
            WeeklyStats weekly = weekly(c, userId, today);
            long total;
            String top;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT (SELECT COUNT(*) FROM activities WHERE user_id = ?), (SELECT app_name FROM activities "
                            + "WHERE user_id = ? GROUP BY app_name ORDER BY SUM(duration_minutes) DESC, app_name LIMIT 1)")) {
                st.setLong(1, userId);
                st.setLong(2, userId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                    top = rs.getString(2);
                }
            }
            double progress = dailyLimitMinutes <= 0 ? 0 : round(daily.totalMinutes() * 100.0 / dailyLimitMinutes, 1);
            return new UserStats(daily, weekly, total, top, progress);
        });
    }

    public AppRangeStats app(long userId, String appName, LocalDate start, LocalDate end) {
        return database.withConnection(c -> {
            List<AppRangeStats.DayMinutes> days = new ArrayList<>();
            long total = 0;
            long sessions = 0;
            OffsetDateTime lastUsed = null;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT activity_date, SUM(duration_minutes), COUNT(*), MAX(COALESCE(end_time, start_time, created_at)) "
                            + "FROM activities WHERE user_id = ? AND app_name = ? AND activity_date BETWEEN ? AND ? "
                            + "GROUP BY activity_date ORDER BY activity_date")) {
                st.setLong(1, userId);
                st.setString(2, appName);
                st.setDate(3, Date.valueOf(start));
                st.setDate(4, Date.valueOf(end));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long minutes = rs.getLong(2);
                        days.add(new AppRangeStats.DayMinutes(rs.getDate(1).toLocalDate(), minutes));
                        total += minutes;
                        sessions += rs.getLong(3);
                        OffsetDateTime last = rs.getObject(4, OffsetDateTime.class);
                        if (last != null && (lastUsed == null || last.isAfter(lastUsed))) {
                            lastUsed = last;
                        }
                    }
                }
            }
            return new AppRangeStats(
                    appName,
                    start,
                    end,
                    total,
                    hours(total),
                    sessions,
                    sessions == 0 ? 0 : round((double) total / sessions, 1),
                    lastUsed,
                    days);
        });
    }

    private static DailyStats daily(Connection c, long userId, LocalDate date) throws SQLException {
        List<AppUsage> apps = perApp(c, userId, date, date);
        long total = apps.stream().mapToLong(AppUsage::totalMinutes).sum();
        AppUsage top = apps.isEmpty() ? null : apps.get(0);
        return new DailyStats(
                date,
                total,
                hours(total),
                apps.size(),
                top == null ? null : top.appName(),
                top == null ? 0 : top.totalMinutes(),
                apps);
    }

    private static WeeklyStats weekly(Connection c, long userId, LocalDate endDate) throws SQLException {
        LocalDate start = endDate.minusDays(6);
        List<AppUsage> apps = perApp(c, userId, start, endDate);
        long total = apps.stream().mapToLong(AppUsage::totalMinutes).sum();
        return new WeeklyStats(
                start,
                endDate,
                total,
                hours(total),
                round(total / 7.0, 1),
                apps.size(),
                List.copyOf(apps.subList(0, Math.min(5, apps.size()))));
    }

    private static List<AppUsage> perApp(Connection c, long userId, LocalDate start, LocalDate end)
            throws SQLException {
        List<AppUsage> apps = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(PER_APP)) {
            st.setLong(1, userId);
            st.setDate(2, Date.valueOf(start));
            st.setDate(3, Date.valueOf(end));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long minutes = rs.getLong("total");
                    long sessions = rs.getLong("sessions");
                    apps.add(new AppUsage(
                            rs.getString("app_name"),
                            minutes,
                            hours(minutes),
                            sessions,
                            round((double) minutes / sessions, 1),
                            rs.getObject("last_used", OffsetDateTime.class)));
                }
            }
        }
        return apps;
    }

    static double hours(long minutes) {
        return round(minutes / 60.0, 2);
    }

    static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
