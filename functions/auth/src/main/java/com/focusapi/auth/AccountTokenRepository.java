package com.focusapi.auth;

import com.focusapi.shared.accounts.SecureTokens;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * One-time account tokens (email verification, password reset): stored as SHA-256, valid for a fixed time
 * measured by the database clock, spent at most once.
 */
@Singleton
public class AccountTokenRepository {
    public static final String VERIFY_EMAIL = "verify_email";
    public static final String RESET_PASSWORD = "reset_password";

    /**
     * Issues a token and returns it raw (for the email). The newest {@code kept} unspent tokens of that purpose
     * stay valid, this one included; older ones die. Keeping a few means that a resend does not break the
     * link of an email that was only slow to arrive, while the number of live links stays bounded.
     */
    public String issue(Connection c, long userId, String purpose, Duration validity, int kept) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE account_tokens SET used_at = now() WHERE id IN ("
                + "SELECT id FROM account_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL "
                + "ORDER BY id DESC OFFSET ?)")) {
            st.setLong(1, userId);
            st.setString(2, purpose);
            st.setInt(3, kept - 1);
            st.executeUpdate();
        }
        String raw = SecureTokens.newToken();
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at) "
                        + "VALUES (?, ?, ?, now() + make_interval(secs => ?))")) {
            st.setLong(1, userId);
            st.setString(2, purpose);
            st.setString(3, SecureTokens.sha256Hex(raw));
            st.setLong(4, validity.toSeconds());
            st.executeUpdate();
        }
        return raw;
    }

    /** Spends every unspent token of that purpose (once one of them did its job, the others must not). */
    public void spendAll(Connection c, long userId, String purpose) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE account_tokens SET used_at = now() WHERE user_id = ? AND purpose = ? AND used_at IS NULL")) {
            st.setLong(1, userId);
            st.setString(2, purpose);
            st.executeUpdate();
        }
    }

    /** Spends a valid token and returns its user; empty when unknown, expired or already spent. */
    public OptionalLong consume(Connection c, String rawToken, String purpose) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE account_tokens SET used_at = now() WHERE token_hash = ? AND purpose = ? "
                        + "AND used_at IS NULL AND expires_at > now() RETURNING user_id")) {
            st.setString(1, SecureTokens.sha256Hex(rawToken));
            st.setString(2, purpose);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
