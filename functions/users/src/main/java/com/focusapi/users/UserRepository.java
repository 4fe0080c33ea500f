package com.focusapi.users;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.AccountRepository;
import com.focusapi.shared.text.Text;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/** The profile writes of the users function (reads go through the shared {@link AccountRepository}). */
@Singleton
public class UserRepository {

    /**
     * Applies the non-null fields; empty when the new username is taken (case-insensitively), so nothing
     * is written. A {@code full_name} or {@code avatar_url} of "" clears it (JSON null and absence both keep).
     */
    public Optional<Account> update(Connection c, long id, UserRequests.UpdateProfile u) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE users SET username = COALESCE(?, username), "
                + "full_name = CASE WHEN ?::boolean THEN ? ELSE full_name END, "
                + "avatar_url = CASE WHEN ?::boolean THEN ? ELSE avatar_url END, "
                + "daily_limit_minutes = COALESCE(?, daily_limit_minutes), "
                + "notifications_enabled = COALESCE(?, notifications_enabled), email_reminders = COALESCE(?, email_reminders), "
                + "updated_at = now() WHERE id = ? AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id <> ? "
                + "AND ?::text IS NOT NULL AND lower(o.username) = lower(?)) RETURNING " + AccountRepository.COLUMNS)) {
            st.setString(1, u.username());
            st.setBoolean(2, u.fullName() != null);
            st.setString(3, Text.blankToNull(u.fullName()));
            st.setBoolean(4, u.avatarUrl() != null);
            st.setString(5, Text.blankToNull(u.avatarUrl()));
            setInt(st, 6, u.dailyLimitMinutes());
            setBool(st, 7, u.notificationsEnabled());
            setBool(st, 8, u.emailReminders());
            st.setLong(9, id);
            st.setLong(10, id);
            st.setString(11, u.username());
            st.setString(12, u.username());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(AccountRepository.map(rs)) : Optional.empty();
            }
        }
    }

    public static boolean delete(Connection c, long id) throws SQLException {
        // Activities, tokens and idempotency records go with it (ON DELETE CASCADE).
        try (PreparedStatement st = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            st.setLong(1, id);
            return st.executeUpdate() > 0;
        }
    }

    private static void setInt(PreparedStatement st, int i, Integer value) throws SQLException {
        if (value == null) {
            st.setNull(i, Types.INTEGER);
        } else {
            st.setInt(i, value);
        }
    }

    private static void setBool(PreparedStatement st, int i, Boolean value) throws SQLException {
        if (value == null) {
            st.setNull(i, Types.BOOLEAN);
        } else {
            st.setBoolean(i, value);
        }
    }
}
