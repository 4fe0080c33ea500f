package com.focusapi.shared.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of the sliding-window limits kept in PostgreSQL (login throttling, the account-email limits):
 * a transaction-scoped advisory lock per key, so that counting and recording are one atomic step, and the
 * count of recent rows with the time until the oldest counted one leaves the window.
 */
public final class SlidingWindow {
    private SlidingWindow() {}

    /**
     * Takes the advisory lock of {@code key} in {@code namespace} until the transaction ends. Namespaces keep
     * kinds of keys apart (an address never shares a lock with an account); a hash collision within one only
     * serialises two keys a little more.
     */
    public static void lock(Connection c, int namespace, String key) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            st.setInt(1, namespace);
            st.setString(2, key);
            st.execute();
        }
    }

    /**
     * Seconds until the oldest of the last {@code max} rows of {@code recent} leaves the window (then one more
     * is allowed), or 0 when there are fewer than {@code max}. {@code recent} selects one timestamp column
     * named {@code stamp}, already limited to the window; {@code parameters} are its own, in order.
     */
    public static long retryAfter(Connection c, String recent, List<Object> parameters, long windowSeconds, int max)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT count(*), CEIL(EXTRACT(EPOCH FROM (min(stamp) + make_interval(secs => ?) - now()))) FROM ("
                        + recent + " ORDER BY stamp DESC LIMIT ?) recent")) {
            int i = 1;
            st.setLong(i++, windowSeconds);
            for (Object parameter : parameters) {
                st.setObject(i++, parameter);
            }
            st.setInt(i, max);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) >= max ? Math.max(1, rs.getLong(2)) : 0;
            }
        }
    }
}
