package com.focusapi.challenges;

import com.focusapi.shared.accounts.PublicProfile;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL of {@code challenges} and {@code challenge_participants}. Reads of a challenge never select its
 * invitation code, except {@link #codeForParticipant} and the listings, which select it only where the
 * caller is an active participant.
 */
@Singleton
public class ChallengeRepository {
    private static final String COLUMNS =
            "c.id, c.title, c.description, c.challenge_type, c.target_app, c.target_minutes, "
                    + "c.start_date, c.end_date, c.max_participants, c.is_private, c.status, c.creator_id, c.winner_id, "
                    + "c.created_at, c.updated_at, "
                    + "(SELECT count(*) FROM challenge_participants p WHERE p.challenge_id = c.id AND p.is_active) AS participants_count";

    /** A validated new challenge. */
    public record NewChallenge(
            long creatorId,
            String title,
            String description,
            String challengeType,
            String targetApp,
            int targetMinutes,
            LocalDate startDate,
            LocalDate endDate,
            int maxParticipants,
            String invitationCode) {}

    /** A challenge row locked for a state change: what the rules of join, leave, cancel and complete read. */
    public record Locked(
            long id,
            long creatorId,
            String status,
            boolean isPrivate,
            String invitationCode,
            int maxParticipants,
            Scoring.Rules rules,
            String targetApp,
            String title) {}

    public long insert(Connection c, NewChallenge n) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("INSERT INTO challenges (creator_id, title, description, challenge_type, "
                        + "target_app, target_minutes, start_date, end_date, max_participants, is_private, invitation_code) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            st.setLong(1, n.creatorId());
            st.setString(2, n.title());
            st.setString(3, n.description());
            st.setString(4, n.challengeType());
            st.setString(5, n.targetApp());
            st.setInt(6, n.targetMinutes());
            st.setDate(7, Date.valueOf(n.startDate()));
            st.setDate(8, Date.valueOf(n.endDate()));
            st.setInt(9, n.maxParticipants());
            st.setBoolean(10, n.invitationCode() != null);
            st.setString(11, n.invitationCode());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The challenge as anybody may see it: no invitation code. */
    public Optional<ChallengeResponse> find(Connection c, long id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + COLUMNS + ", NULL AS invitation_code FROM challenges c WHERE c.id = ?")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** The invitation code, if {@code userId} is an active participant of this private challenge. */
    public Optional<String> codeForParticipant(Connection c, long challengeId, long userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT ch.invitation_code FROM challenge_participants p "
                        + "JOIN challenges ch ON ch.id = p.challenge_id WHERE p.challenge_id = ? AND p.user_id = ? AND p.is_active")) {
            st.setLong(1, challengeId);
            st.setLong(2, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public boolean isActiveParticipant(Connection c, long challengeId, long userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT 1 FROM challenge_participants WHERE challenge_id = ? AND user_id = ? AND is_active")) {
            st.setLong(1, challengeId);
            st.setLong(2, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<Locked> lock(Connection c, long id) throws SQLException {
        return read(c, id, true);
    }

    /** The same facts without a lock (the leaderboard's header). */
    public Optional<Locked> read(Connection c, long id) throws SQLException {
        return read(c, id, false);
    }

    private Optional<Locked> read(Connection c, long id, boolean forUpdate) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("SELECT id, creator_id, status, is_private, invitation_code, max_participants, "
                        + "challenge_type, target_minutes, start_date, end_date, target_app, title FROM challenges WHERE id = ?"
                        + (forUpdate ? " FOR UPDATE" : ""))) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Locked(
                        rs.getLong("id"),
                        rs.getLong("creator_id"),
                        rs.getString("status"),
                        rs.getBoolean("is_private"),
                        rs.getString("invitation_code"),
                        rs.getInt("max_participants"),
                        rules(rs),
                        rs.getString("target_app"),
                        rs.getString("title")));
            }
        }
    }

    public int activeParticipants(Connection c, long challengeId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM challenge_participants WHERE challenge_id = ? AND is_active")) {
            st.setLong(1, challengeId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Joins, or joins again after leaving (the pair is unique). */
    public void join(Connection c, long challengeId, long userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO challenge_participants (challenge_id, user_id) VALUES (?, ?) "
                        + "ON CONFLICT (challenge_id, user_id) DO UPDATE SET is_active = TRUE, left_at = NULL, joined_at = now()")) {
            st.setLong(1, challengeId);
            st.setLong(2, userId);
            st.executeUpdate();
        }
    }

    /** Soft leave; false when the user was not an active participant. */
    public boolean leave(Connection c, long challengeId, long userId) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE challenge_participants SET is_active = FALSE, left_at = now() "
                        + "WHERE challenge_id = ? AND user_id = ? AND is_active")) {
            st.setLong(1, challengeId);
            st.setLong(2, userId);
            return st.executeUpdate() == 1;
        }
    }

    public void cancel(Connection c, long challengeId) throws SQLException {
        try (PreparedStatement st =
                c.prepareStatement("UPDATE challenges SET status = 'cancelled', cancelled_at = now(), "
                        + "updated_at = now() WHERE id = ? AND status = 'pending'")) {
            st.setLong(1, challengeId);
            st.executeUpdate();
        }
    }

    /** A page of challenges: the public ones and those the caller takes part in ({@code mine}: only the latter). */
    public List<ChallengeResponse> list(Connection c, long userId, boolean mine, String status, int offset, int limit)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + COLUMNS + ", CASE WHEN me.user_id IS NOT NULL THEN c.invitation_code END "
                        + "AS invitation_code FROM challenges c " + listWhere(mine)
                        + " ORDER BY c.start_date DESC, c.id DESC OFFSET ? LIMIT ?")) {
            int next = bindList(st, userId, status);
            st.setInt(next, offset);
            st.setInt(next + 1, limit);
            List<ChallengeResponse> items = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs));
                }
            }
            return items;
        }
    }

    public long count(Connection c, long userId, boolean mine, String status) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM challenges c " + listWhere(mine))) {
            bindList(st, userId, status);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String listWhere(boolean mine) {
        return "LEFT JOIN challenge_participants me ON me.challenge_id = c.id AND me.user_id = ? AND me.is_active "
                + "WHERE (?::text IS NULL OR c.status = ?) AND "
                + (mine ? "me.user_id IS NOT NULL" : "(NOT c.is_private OR me.user_id IS NOT NULL)");
    }

    private static int bindList(PreparedStatement st, long userId, String status) throws SQLException {
        st.setLong(1, userId);
        st.setString(2, status);
        st.setString(3, status);
        return 4;
    }

    // ---- leaderboard --------------------------------------------------------------------------------

    /**
     * Minutes of each active participant inside the window up to {@code until}, of the target app (case
     * insensitive) or of all apps, in total and per week of the window.
     */
    public List<Scoring.Totals> liveTotals(
            Connection c, long challengeId, Scoring.Rules rules, String targetApp, LocalDate until)
            throws SQLException {
        Map<Long, Scoring.Totals> byUser = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT p.user_id, p.joined_at, u.username, u.full_name, u.avatar_url
                FROM challenge_participants p JOIN users u ON u.id = p.user_id
                WHERE p.challenge_id = ? AND p.is_active ORDER BY p.user_id""")) {
            st.setLong(1, challengeId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long userId = rs.getLong(1);
                    byUser.put(
                            userId,
                            new Scoring.Totals(
                                    userId,
                                    new PublicProfile(userId, rs.getString(3), rs.getString(4), rs.getString(5)),
                                    rs.getObject(2, OffsetDateTime.class),
                                    0,
                                    new HashMap<>()));
                }
            }
        }
        if (byUser.isEmpty() || until.isBefore(rules.startDate())) {
            return new ArrayList<>(byUser.values());
        }
        try (PreparedStatement st = c.prepareStatement("""
                SELECT a.user_id, (a.activity_date - ?::date) / 7 AS week, sum(a.duration_minutes)
                FROM challenge_participants p JOIN activities a ON a.user_id = p.user_id
                WHERE p.challenge_id = ? AND p.is_active AND a.activity_date BETWEEN ? AND ?
                  AND (?::text IS NULL OR lower(a.app_name) = lower(?))
                GROUP BY 1, 2""")) {
            Date start = Date.valueOf(rules.startDate());
            st.setDate(1, start);
            st.setLong(2, challengeId);
            st.setDate(3, start);
            st.setDate(4, Date.valueOf(until));
            st.setString(5, targetApp);
            st.setString(6, targetApp);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Scoring.Totals t = byUser.get(rs.getLong(1));
                    int minutes = rs.getInt(3);
                    t.minutesByWeek().merge(rs.getInt(2), minutes, Integer::sum);
                    byUser.put(
                            t.userId(),
                            new Scoring.Totals(
                                    t.userId(), t.user(), t.joinedAt(), t.totalMinutes() + minutes, t.minutesByWeek()));
                }
            }
        }
        return new ArrayList<>(byUser.values());
    }

    /** The frozen leaderboard of a completed challenge. */
    public List<Leaderboard.Entry> finalEntries(Connection c, long challengeId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT p.user_id, u.username, u.full_name, u.avatar_url, p.final_total_minutes, p.final_daily_average,
                       p.final_goal_achieved, p.final_score, p.final_rank, p.joined_at
                FROM challenge_participants p JOIN users u ON u.id = p.user_id
                WHERE p.challenge_id = ? AND p.final_rank IS NOT NULL
                ORDER BY p.final_rank, p.final_total_minutes, p.user_id""")) {
            st.setLong(1, challengeId);
            List<Leaderboard.Entry> entries = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long userId = rs.getLong(1);
                    entries.add(new Leaderboard.Entry(
                            userId,
                            new PublicProfile(userId, rs.getString(2), rs.getString(3), rs.getString(4)),
                            rs.getInt(5),
                            rs.getBigDecimal(6).doubleValue(),
                            rs.getBoolean(7),
                            rs.getInt(8),
                            rs.getInt(9),
                            rs.getObject(10, OffsetDateTime.class)));
                }
            }
            return entries;
        }
    }

    /** Stores a participant's final result. */
    public void storeFinal(Connection c, long challengeId, Leaderboard.Entry e) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE challenge_participants SET final_total_minutes = ?, "
                + "final_daily_average = ?, final_goal_achieved = ?, final_score = ?, final_rank = ? "
                + "WHERE challenge_id = ? AND user_id = ?")) {
            st.setInt(1, e.totalTimeMinutes());
            st.setBigDecimal(2, java.math.BigDecimal.valueOf(e.dailyAverage()));
            st.setBoolean(3, e.goalAchieved());
            st.setInt(4, e.score());
            st.setInt(5, e.rank());
            st.setLong(6, challengeId);
            st.setLong(7, e.userId());
            st.executeUpdate();
        }
    }

    /** active → completed, once: false when another run or request completed it first. */
    public boolean markCompleted(Connection c, long challengeId, Long winnerId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE challenges SET status = 'completed', winner_id = ?, "
                + "completed_at = now(), updated_at = now() WHERE id = ? AND status = 'active'")) {
            if (winnerId == null) {
                st.setNull(1, Types.BIGINT);
            } else {
                st.setLong(1, winnerId);
            }
            st.setLong(2, challengeId);
            return st.executeUpdate() == 1;
        }
    }

    static Scoring.Rules rules(ResultSet rs) throws SQLException {
        return new Scoring.Rules(
                rs.getString("challenge_type"),
                rs.getInt("target_minutes"),
                rs.getDate("start_date").toLocalDate(),
                rs.getDate("end_date").toLocalDate());
    }

    private static ChallengeResponse map(ResultSet rs) throws SQLException {
        int max = rs.getInt("max_participants");
        int count = rs.getInt("participants_count");
        Long winner = rs.getObject("winner_id", Long.class);
        return new ChallengeResponse(
                rs.getLong("id"),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("challenge_type"),
                rs.getString("target_app"),
                rs.getInt("target_minutes"),
                rs.getDate("start_date").toLocalDate(),
                rs.getDate("end_date").toLocalDate(),
                max,
                rs.getBoolean("is_private"),
                rs.getString("invitation_code"),
                rs.getString("status"),
                rs.getLong("creator_id"),
                winner,
                count,
                count >= max,
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
