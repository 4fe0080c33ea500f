package com.focusapi.challenges.lifecycle;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle's SQL. Each transition is a conditional UPDATE on the status (or a SKIP LOCKED claim), so two
 * runs that overlap never both perform it; each result email is a row of {@code challenge_emails}, whose
 * primary key lets only one run send it.
 */
@Singleton
public class LifecycleRepository {

    /** Someone to email the results to. */
    public record Recipient(
            long userId, String email, String username, int rank, int totalMinutes, boolean goalAchieved) {}

    /** pending → active: the start date has come and at least 2 participants are active. */
    public List<Long> activate(Connection c, LocalDate today) throws SQLException {
        return ids(c, """
                UPDATE challenges c SET status = 'active', activated_at = now(), updated_at = now()
                WHERE c.status = 'pending' AND c.start_date <= ?
                  AND (SELECT count(*) FROM challenge_participants p WHERE p.challenge_id = c.id AND p.is_active) >= 2
                RETURNING c.id""", today);
    }

    /** pending → cancelled: the window ended and the challenge never gathered 2 participants. */
    public List<Long> expire(Connection c, LocalDate today) throws SQLException {
        return ids(c, """
                UPDATE challenges SET status = 'cancelled', cancelled_at = now(), updated_at = now()
                WHERE status = 'pending' AND end_date < ? RETURNING id""", today);
    }

    /** Active challenges past their end date, locked for this transaction; rows another run holds are skipped. */
    public List<Long> lockDue(Connection c, LocalDate today, int limit) throws SQLException {
        return ids(
                c,
                "SELECT id FROM challenges WHERE status = 'active' AND end_date < ? ORDER BY id LIMIT " + limit
                        + " FOR UPDATE SKIP LOCKED",
                today);
    }

    /** Completed challenges whose result emails are not all handled yet. */
    public List<Long> unsentResults(Connection c, int limit) throws SQLException {
        return ids(
                c,
                "SELECT id FROM challenges WHERE status = 'completed' AND results_sent_at IS NULL ORDER BY id LIMIT "
                        + limit,
                null);
    }

    /** Final participants with email reminders on, active accounts, not emailed yet. */
    public List<Recipient> recipients(Connection c, long challengeId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT u.id, u.email, u.username, p.final_rank, p.final_total_minutes, p.final_goal_achieved
                FROM challenge_participants p JOIN users u ON u.id = p.user_id
                WHERE p.challenge_id = ? AND p.final_rank IS NOT NULL AND u.email_reminders AND u.is_active
                  AND NOT EXISTS (SELECT 1 FROM challenge_emails e
                                  WHERE e.challenge_id = p.challenge_id AND e.user_id = p.user_id AND e.kind = 'results')
                ORDER BY p.final_rank, u.id""")) {
            st.setLong(1, challengeId);
            List<Recipient> recipients = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    recipients.add(new Recipient(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getInt(4),
                            rs.getInt(5),
                            rs.getBoolean(6)));
                }
            }
            return recipients;
        }
    }

    /**
     * Claims the results email of one participant in this transaction: true if this transaction now owns it.
     * A concurrent claim of the same email waits for this transaction, then finds the row (false) if it
     * committed, or takes it over if it rolled back (a failed send).
     */
    public boolean claimEmail(Connection c, long challengeId, long userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO challenge_emails (challenge_id, user_id, kind) "
                + "VALUES (?, ?, 'results') ON CONFLICT DO NOTHING RETURNING 1")) {
            st.setLong(1, challengeId);
            st.setLong(2, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void markResultsSent(Connection c, long challengeId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE challenges SET results_sent_at = now() WHERE id = ? AND results_sent_at IS NULL")) {
            st.setLong(1, challengeId);
            st.executeUpdate();
        }
    }

    /** Title and winner's username, for the email's text. */
    public String[] titleAndWinner(Connection c, long challengeId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT c.title, w.username FROM challenges c "
                + "LEFT JOIN users w ON w.id = c.winner_id WHERE c.id = ?")) {
            st.setLong(1, challengeId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static List<Long> ids(Connection c, String sql, LocalDate date) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (date != null) {
                st.setDate(1, Date.valueOf(date));
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }
}
