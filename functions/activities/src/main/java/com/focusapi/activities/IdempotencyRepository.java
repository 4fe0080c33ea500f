package com.focusapi.activities;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code idempotency_keys}: one row per (user, key), kept 24 hours. Claiming relies on the primary key:
 * concurrent claims of one key queue behind the first transaction, then find its completed row.
 */
@Singleton
public class IdempotencyRepository {

    /** What the first request with a key stored. */
    public record Stored(String requestHash, int status, String body) {}

    /**
     * True when this transaction now owns the key: it was new, or its record was older than 24 hours (then
     * it is taken over, as if new). False when a live record exists (committed by someone else).
     */
    public boolean claim(Connection c, long userId, String key, String requestHash) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash) VALUES (?, ?, ?) "
                        + "ON CONFLICT (user_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                        + "response_status = NULL, response_body = NULL, created_at = now() "
                        + "WHERE idempotency_keys.created_at < now() - interval '24 hours' RETURNING 1")) {
            st.setLong(1, userId);
            st.setString(2, key);
            st.setString(3, requestHash);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void complete(Connection c, long userId, String key, int status, String body) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE user_id = ? AND idempotency_key = ?")) {
            st.setInt(1, status);
            st.setString(2, body);
            st.setLong(3, userId);
            st.setString(4, key);
            st.executeUpdate();
        }
    }

    public Stored find(Connection c, long userId, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?")) {
            st.setLong(1, userId);
            st.setString(2, key);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("idempotency record vanished");
                }
                return new Stored(rs.getString(1), rs.getInt(2), rs.getString(3));
            }
        }
    }
}
