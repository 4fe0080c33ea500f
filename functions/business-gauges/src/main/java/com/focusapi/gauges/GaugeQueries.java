package com.focusapi.gauges;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The counts behind the business gauges, read with plain SQL through {@link Database}.
 *
 * <p>Users fall in exactly one of three statuses, so the series sum to the number of rows of {@code users}:
 * {@code active} (is_active and is_verified), {@code unverified} (is_active, not yet verified) and
 * {@code inactive} (is_active false, verified or not).
 */
@Singleton
public class GaugeQueries {
    /** Every status is always reported, with 0 when no row has it, so a status that empties drops to 0. */
    static final String[] USER_STATUSES = {"active", "inactive", "unverified"};

    static final String[] CHALLENGE_STATUSES = {"pending", "active", "completed", "cancelled"};

    private static final String USERS = """
            SELECT CASE WHEN NOT is_active THEN 'inactive'
                        WHEN NOT is_verified THEN 'unverified'
                        ELSE 'active' END AS status,
                   count(*)
            FROM users
            GROUP BY 1""";

    private final Database database;

    public GaugeQueries(Database database) {
        this.database = database;
    }

    /** Users by status (active / inactive / unverified, disjoint). */
    public Map<String, Long> usersByStatus() {
        return database.withConnection(c -> countByStatus(c, USERS, USER_STATUSES));
    }

    /** Challenges by their {@code status} column (V5__challenges.sql: one of {@link #CHALLENGE_STATUSES}). */
    public Map<String, Long> challengesByStatus() {
        return database.withConnection(
                c -> countByStatus(c, "SELECT status, count(*) FROM challenges GROUP BY status", CHALLENGE_STATUSES));
    }

    /** Active participants (not those who left) of active challenges. */
    public long activeChallengeParticipants() {
        return database.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement("""
                    SELECT count(*) FROM challenge_participants p
                    JOIN challenges ch ON ch.id = p.challenge_id
                    WHERE ch.status = 'active' AND p.is_active""");
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static Map<String, Long> countByStatus(Connection c, String sql, String[] known) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : known) {
            counts.put(status, 0L);
        }
        try (PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
