package com.focusapi.shared.accounts;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of the {@code users} table, shared by the auth and users functions (one mapping of one table).
 * Email and username comparisons are case-insensitive, backed by the {@code lower(...)} unique indexes.
 */
@Singleton
public class AccountRepository {
    /**
     * The {@code users} columns {@link #map} reads, for a statement of another module that returns accounts
     * ({@code SELECT}/{@code RETURNING}): one column list, one mapping.
     */
    public static final String COLUMNS =
            "id, email, username, password_hash, full_name, avatar_url, is_active, is_verified, role, "
                    + "daily_limit_minutes, notifications_enabled, email_reminders, created_at, updated_at, last_login, "
                    + "token_version";

    private final Database database;

    public AccountRepository(Database database) {
        this.database = database;
    }

    /** Which unique field a registration collides with. */
    public enum Conflict {
        NONE,
        EMAIL,
        USERNAME
    }

    public Optional<Account> findById(long id) {
        return database.withConnection(c -> findById(c, id));
    }

    public Optional<Account> findById(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE id = ?")) {
            st.setLong(1, id);
            return one(st);
        }
    }

    public Optional<Account> findByEmail(String email) {
        return database.withConnection(c -> {
            try (PreparedStatement st =
                    c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(?)")) {
                st.setString(1, email.trim());
                return one(st);
            }
        });
    }

    /** Inserts a new unverified user, or reports which unique field is taken (no exception, nothing written). */
    public Optional<Account> insert(Connection c, String email, String username, String passwordHash, String fullName)
            throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO users (email, username, password_hash, full_name) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING RETURNING " + COLUMNS)) {
            st.setString(1, email.trim());
            st.setString(2, username);
            st.setString(3, passwordHash);
            st.setString(4, fullName);
            return one(st);
        }
    }

    public Conflict conflictOf(String email, String username) {
        return database.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT bool_or(lower(email) = lower(?)), bool_or(lower(username) = lower(?)) FROM users "
                            + "WHERE lower(email) = lower(?) OR lower(username) = lower(?)")) {
                st.setString(1, email.trim());
                st.setString(2, username);
                st.setString(3, email.trim());
                st.setString(4, username);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    // The username first: it is public, so registration may report it whatever the email.
                    if (rs.getBoolean(2)) {
                        return Conflict.USERNAME;
                    }
                    return rs.getBoolean(1) ? Conflict.EMAIL : Conflict.NONE;
                }
            }
        });
    }

    public void touchLogin(long id) {
        database.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE users SET last_login = now() WHERE id = ?")) {
                st.setLong(1, id);
                return st.executeUpdate();
            }
        });
    }

    /** What a request needs to know about its account (cache-aside loader of {@link AuthStateCache}); empty when deleted. */
    public Optional<AuthState> findAuthState(long id) {
        return database.withConnection(c -> {
            try (PreparedStatement st =
                    c.prepareStatement("SELECT is_active, is_verified, role, token_version FROM users WHERE id = ?")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next()
                            ? Optional.of(
                                    new AuthState(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3), rs.getInt(4)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Moves the account to a new token version: every token issued under the old one is refused. */
    public void bumpTokenVersion(Connection c, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE users SET token_version = token_version + 1 WHERE id = ?")) {
            st.setLong(1, id);
            st.executeUpdate();
        }
    }

    public void setPassword(Connection c, long id, String passwordHash) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE users SET password_hash = ?, updated_at = now() WHERE id = ?")) {
            st.setString(1, passwordHash);
            st.setLong(2, id);
            st.executeUpdate();
        }
    }

    public void setVerified(Connection c, long id) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE users SET is_verified = TRUE, updated_at = now() WHERE id = ?")) {
            st.setLong(1, id);
            st.executeUpdate();
        }
    }

    /** Active users whose username starts with {@code prefix} (case-insensitive), one page, and their count. */
    public record SearchResult(List<Account> accounts, long total) {}

    public SearchResult searchByUsername(String prefix, int offset, int limit) {
        String pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return database.withConnection(c -> {
            long total;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT count(*) FROM users WHERE is_active AND lower(username) LIKE lower(?) ESCAPE '\\'")) {
                st.setString(1, pattern);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE is_active "
                    + "AND lower(username) LIKE lower(?) ESCAPE '\\' ORDER BY lower(username) OFFSET ? LIMIT ?")) {
                st.setString(1, pattern);
                st.setInt(2, offset);
                st.setInt(3, limit);
                List<Account> result = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        result.add(map(rs));
                    }
                }
                return new SearchResult(result, total);
            }
        });
    }

    private static Optional<Account> one(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    /** The account on the current row of {@code rs}, which holds the {@link #COLUMNS}. */
    public static Account map(ResultSet rs) throws SQLException {
        return new Account(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("username"),
                rs.getString("password_hash"),
                rs.getString("full_name"),
                rs.getString("avatar_url"),
                rs.getBoolean("is_active"),
                rs.getBoolean("is_verified"),
                rs.getString("role"),
                rs.getInt("daily_limit_minutes"),
                rs.getBoolean("notifications_enabled"),
                rs.getBoolean("email_reminders"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("last_login", OffsetDateTime.class),
                rs.getInt("token_version"));
    }
}
