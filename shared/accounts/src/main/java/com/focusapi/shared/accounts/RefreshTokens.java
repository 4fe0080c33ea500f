package com.focusapi.shared.accounts;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Refresh tokens: opaque, random, stored as SHA-256, valid 7 days, grouped in families (one per login). A
 * family has an absolute end ({@code JWT_REFRESH_FAMILY_TTL}, 30 days from its login), copied to each of its
 * tokens: past it, refreshing fails however often it was done, and the user logs in again.
 * {@link #rotate} spends a token and issues its successor; presenting an already spent token again is
 * taken as theft and revokes the whole family (RFC 9700 §4.14.2), so both the thief and the victim must log
 * in again. Each token remembers the account's token version it was issued under; once the version moved
 * (password changed or reset, account deactivated: {@link Sessions#endAll}) it is refused like a revoked one,
 * even one a concurrent rotation created after the revocation ran.
 */
@Singleton
public class RefreshTokens {
    private final Database database;
    private final AuthSettings settings;

    public RefreshTokens(Database database, AuthSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** The outcome of a rotation: the user, the new raw token and its token version, or why it was refused. */
    public record Rotation(Status status, long userId, String token, int tokenVersion) {
        public enum Status {
            ROTATED,
            UNKNOWN,
            EXPIRED,
            REVOKED,
            REUSED
        }
    }

    /** Starts a new family (a login under the account's {@code tokenVersion}) inside the caller's transaction; returns the raw token. */
    public String startFamily(Connection c, long userId, int tokenVersion) throws SQLException {
        return insert(c, userId, UUID.randomUUID(), tokenVersion, Instant.now().plus(settings.getRefreshFamilyTtl()));
    }

    public Rotation rotate(String rawToken) {
        String hash = SecureTokens.sha256Hex(rawToken);
        return database.inTransaction(c -> {
            long userId;
            UUID family;
            Instant expires;
            boolean used;
            boolean revoked;
            int version;
            Instant familyEnds;
            // FOR UPDATE: two concurrent refreshes with one token are serialised; the second sees it used.
            // The account's version is read, not locked: a version bumped after this read still refuses
            // the access token issued from this rotation, and the new refresh token inherits the old version.
            try (PreparedStatement st =
                    c.prepareStatement("SELECT t.user_id, t.family_id, t.expires_at, t.used_at IS NOT NULL, "
                            + "t.revoked_at IS NOT NULL OR t.token_version <> u.token_version OR NOT u.is_active, "
                            + "t.token_version, t.family_expires_at FROM refresh_tokens t JOIN users u ON u.id = t.user_id "
                            + "WHERE t.token_hash = ? FOR UPDATE OF t")) {
                st.setString(1, hash);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return new Rotation(Rotation.Status.UNKNOWN, 0, null, 0);
                    }
                    userId = rs.getLong(1);
                    family = (UUID) rs.getObject(2);
                    expires = rs.getTimestamp(3).toInstant();
                    used = rs.getBoolean(4);
                    revoked = rs.getBoolean(5);
                    version = rs.getInt(6);
                    familyEnds = rs.getTimestamp(7).toInstant();
                }
            }
            if (revoked) {
                return new Rotation(Rotation.Status.REVOKED, userId, null, version);
            }
            if (used) {
                revokeFamily(c, family);
                return new Rotation(Rotation.Status.REUSED, userId, null, version);
            }
            // Past the family's absolute end, however recently refreshed: log in again.
            if (!expires.isAfter(Instant.now()) || !familyEnds.isAfter(Instant.now())) {
                return new Rotation(Rotation.Status.EXPIRED, userId, null, version);
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = ?")) {
                st.setString(1, hash);
                st.executeUpdate();
            }
            return new Rotation(
                    Rotation.Status.ROTATED, userId, insert(c, userId, family, version, familyEnds), version);
        });
    }

    /** Logout: revokes the family of the token, if it is one of ours. */
    public boolean revokeFamilyOf(String rawToken) {
        String hash = SecureTokens.sha256Hex(rawToken);
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id = "
                            + "(SELECT family_id FROM refresh_tokens WHERE token_hash = ?)")) {
                st.setString(1, hash);
                return st.executeUpdate() > 0;
            }
        });
    }

    /** Every refresh token of the user is revoked (part of {@link Sessions#endAll}). */
    public void revokeAll(Connection c, long userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL")) {
            st.setLong(1, userId);
            st.executeUpdate();
        }
    }

    private static void revokeFamily(Connection c, UUID family) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL")) {
            st.setObject(1, family);
            st.executeUpdate();
        }
    }

    /** A token valid for the refresh-token TTL, never beyond its family's end. */
    private String insert(Connection c, long userId, UUID family, int tokenVersion, Instant familyEnds)
            throws SQLException {
        String raw = SecureTokens.newToken();
        Instant expires = Instant.now().plus(settings.getRefreshTokenTtl());
        try (PreparedStatement st = c.prepareStatement("INSERT INTO refresh_tokens (user_id, family_id, token_hash, "
                + "expires_at, token_version, family_expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            st.setLong(1, userId);
            st.setObject(2, family);
            st.setString(3, SecureTokens.sha256Hex(raw));
            st.setTimestamp(4, Timestamp.from(expires.isBefore(familyEnds) ? expires : familyEnds));
            st.setInt(5, tokenVersion);
            st.setTimestamp(6, Timestamp.from(familyEnds));
            st.executeUpdate();
        }
        return raw;
    }
}
