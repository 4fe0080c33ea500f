package com.focusapi.auth;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Failed-login throttling, per account and per client address, kept in {@code login_attempts} because Lambda
 * environments share no memory. An account counts its failures since its last successful login within the
 * window; an address counts all its failures within the window (one address trying many accounts is the
 * pattern to stop). The check runs before the password is verified, so a locked account is refused even
 * with the right password: that is what stops guessing.
 */
@Singleton
public class LoginThrottle {
    private final Database database;
    private final LoginThrottleSettings settings;

    public LoginThrottle(Database database, LoginThrottleSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** Throws {@link ThrottledException} when the account or the address has too many recent failures. */
    public void check(String emailKey, String sourceIp) {
        long window = settings.getWindow().toSeconds();
        long wait = database.withConnection(c -> Math.max(
                retryAfter(
                        c,
                        "SELECT attempted_at FROM login_attempts WHERE email_key = ? AND NOT succeeded "
                                + "AND attempted_at > now() - make_interval(secs => ?) AND attempted_at > COALESCE("
                                + "(SELECT max(attempted_at) FROM login_attempts WHERE email_key = ? AND succeeded), '-infinity') "
                                + "ORDER BY attempted_at DESC LIMIT ?",
                        emailKey,
                        window,
                        settings.getMaxFailuresPerAccount(),
                        true),
                retryAfter(
                        c,
                        "SELECT attempted_at FROM login_attempts WHERE source_ip = ? AND NOT succeeded "
                                + "AND attempted_at > now() - make_interval(secs => ?) ORDER BY attempted_at DESC LIMIT ?",
                        sourceIp,
                        window,
                        settings.getMaxFailuresPerAddress(),
                        false)));
        if (wait > 0) {
            throw new ThrottledException(wait);
        }
    }

    public void record(String emailKey, String sourceIp, boolean succeeded) {
        database.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO login_attempts (email_key, source_ip, succeeded) VALUES (?, ?, ?)")) {
                st.setString(1, emailKey);
                st.setString(2, sourceIp);
                st.setBoolean(3, succeeded);
                return st.executeUpdate();
            }
        });
    }

    /**
     * Seconds until the oldest of the last {@code max} failures leaves the window (then one more attempt is
     * allowed), or 0 when there are fewer than {@code max}.
     */
    private long retryAfter(
            Connection c, String recentFailures, String key, long windowSeconds, int max, boolean account)
            throws SQLException {
        String sql =
                "SELECT count(*), CEIL(EXTRACT(EPOCH FROM (min(attempted_at) + make_interval(secs => ?) - now()))) "
                        + "FROM (" + recentFailures + ") recent";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            st.setLong(i++, windowSeconds);
            st.setString(i++, key);
            st.setLong(i++, windowSeconds);
            if (account) {
                st.setString(i++, key);
            }
            st.setInt(i, max);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) >= max ? Math.max(1, rs.getLong(2)) : 0;
            }
        }
    }
}
