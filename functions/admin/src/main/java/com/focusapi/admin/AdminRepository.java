package com.focusapi.admin;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.AccountRepository;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the admin routes: users across accounts, and the global counts of the overview. */
@Singleton
public class AdminRepository {
    private static final String WHERE =
            " WHERE (?::boolean IS NULL OR is_active = ?) AND (?::boolean IS NULL OR is_verified = ?) "
                    + "AND (?::text IS NULL OR role = ?) "
                    + "AND (?::text IS NULL OR lower(username) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\')";

    /** Optional filters: flags, role, and {@code q} (a substring of the username or email, case-insensitive). */
    public record Filter(Boolean active, Boolean verified, String role, String q) {}

    public long count(Connection c, Filter f) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM users" + WHERE)) {
            bind(st, f);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<Account> list(Connection c, Filter f, int offset, int limit) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT users.* FROM users" + WHERE + " ORDER BY id OFFSET ? LIMIT ?")) {
            int next = bind(st, f);
            st.setInt(next, offset);
            st.setInt(next + 1, limit);
            List<Account> accounts = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    accounts.add(AccountRepository.map(rs));
                }
            }
            return accounts;
        }
    }

    /** Sets the active flag; empty when no such user. */
    public Optional<Account> setActive(Connection c, long id, boolean active) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE users SET is_active = ?, updated_at = now() WHERE id = ? RETURNING users.*")) {
            st.setBoolean(1, active);
            st.setLong(2, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(AccountRepository.map(rs)) : Optional.empty();
            }
        }
    }

    /** Users by disjoint status (inactive, else unverified, else active), and the admins among them. */
    public Overview.Users users(Connection c) throws SQLException {
        try (PreparedStatement st =
                        c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE is_active AND is_verified), "
                                + "count(*) FILTER (WHERE NOT is_active), count(*) FILTER (WHERE is_active AND NOT is_verified), "
                                + "count(*) FILTER (WHERE role = 'admin') FROM users");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Overview.Users(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    /** Activities dated {@code today} and in the seven days ending today, with their minutes, and all minutes ever. */
    public Overview.Activities activities(Connection c, LocalDate today) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FILTER (WHERE activity_date = ?), "
                + "COALESCE(sum(duration_minutes) FILTER (WHERE activity_date = ?), 0), "
                + "count(*) FILTER (WHERE activity_date BETWEEN ? AND ?), "
                + "COALESCE(sum(duration_minutes) FILTER (WHERE activity_date BETWEEN ? AND ?), 0), "
                + "count(*), COALESCE(sum(duration_minutes), 0) FROM activities")) {
            Date day = Date.valueOf(today);
            Date weekStart = Date.valueOf(today.minusDays(6));
            st.setDate(1, day);
            st.setDate(2, day);
            st.setDate(3, weekStart);
            st.setDate(4, day);
            st.setDate(5, weekStart);
            st.setDate(6, day);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Overview.Activities(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
        }
    }

    public Overview.BlockedApps blockedApps(Connection c) throws SQLException {
        try (PreparedStatement st =
                        c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE is_blocked) FROM blocked_apps");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return new Overview.BlockedApps(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * Challenges by status, or empty while the {@code challenges} table does not exist (it arrives with the
     * challenges issue; checked on each call, so this function needs no redeploy when it does).
     */
    public Optional<Overview.Challenges> challenges(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT to_regclass('public.challenges') IS NOT NULL");
                ResultSet rs = st.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return Optional.empty();
            }
        }
        Map<String, Long> byStatus = new LinkedHashMap<>();
        long total = 0;
        try (PreparedStatement st =
                        c.prepareStatement("SELECT status::text, count(*) FROM challenges GROUP BY 1 ORDER BY 1");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                byStatus.put(rs.getString(1), rs.getLong(2));
                total += rs.getLong(2);
            }
        }
        return Optional.of(new Overview.Challenges(total, byStatus));
    }

    private static int bind(PreparedStatement st, Filter f) throws SQLException {
        setBoolean(st, 1, f.active());
        setBoolean(st, 2, f.active());
        setBoolean(st, 3, f.verified());
        setBoolean(st, 4, f.verified());
        st.setString(5, f.role());
        st.setString(6, f.role());
        String pattern = f.q() == null
                ? null
                : "%"
                        + f.q().toLowerCase()
                                .replace("\\", "\\\\")
                                .replace("%", "\\%")
                                .replace("_", "\\_") + "%";
        st.setString(7, pattern);
        st.setString(8, pattern);
        st.setString(9, pattern);
        return 10;
    }

    private static void setBoolean(PreparedStatement st, int i, Boolean value) throws SQLException {
        if (value == null) {
            st.setNull(i, Types.BOOLEAN);
        } else {
            st.setBoolean(i, value);
        }
    }
}
