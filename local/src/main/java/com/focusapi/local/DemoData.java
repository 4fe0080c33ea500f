package com.focusapi.local;

import com.focusapi.shared.accounts.PasswordHasher;
import java.io.StringReader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * {@code demo}: fills the database with a realistic data set through PostgreSQL {@code COPY} (pgjdbc's
 * {@link CopyManager}): users (one demo user and one admin with a known password), activities over the last 90
 * days with a realistic app mix, and challenges of 10–50 participants in every status. Completed challenges
 * get their final results computed in SQL and are marked as emailed, so the lifecycle does not email a
 * thousand crowds on its first run. Running it again replaces the previous demo data set (its users are
 * recognised by their e-mail domain; deleting them cascades to everything they own).
 */
public final class DemoData {
    public static final String DOMAIN = "demo.focus-api.dev";
    public static final String PASSWORD = "FocusDemo1";
    static final int DAYS = 90;
    private static final int BATCH = 50_000;

    /** name, package, category, weight (share of sessions), typical session minutes. */
    private record App(String name, String pkg, String category, int weight, int typicalMinutes) {}

    private static final List<App> APPS = List.of(
            new App("Instagram", "com.instagram.android", "social_media", 16, 12),
            new App("TikTok", "com.zhiliaoapp.musically", "social_media", 15, 18),
            new App("YouTube", "com.google.android.youtube", "entertainment", 13, 25),
            new App("WhatsApp", "com.whatsapp", "communication", 14, 6),
            new App("Facebook", "com.facebook.katana", "social_media", 7, 10),
            new App("Snapchat", "com.snapchat.android", "social_media", 6, 7),
            new App("Netflix", "com.netflix.mediaclient", "entertainment", 4, 45),
            new App("Chrome", "com.android.chrome", "productivity", 8, 9),
            new App("Gmail", "com.google.android.gm", "productivity", 4, 4),
            new App("Spotify", "com.spotify.music", "entertainment", 3, 30),
            new App("X", "com.twitter.android", "social_media", 3, 8),
            new App("Reddit", "com.reddit.frontpage", "social_media", 3, 14),
            new App("Candy Crush", "com.king.candycrushsaga", "games", 2, 20),
            new App("Slack", "com.Slack", "productivity", 2, 7));
    private static final int TOTAL_WEIGHT = APPS.stream().mapToInt(App::weight).sum();
    private static final String[] DEVICES = {"android", "android", "android", "ios", "ios", "desktop"};
    private static final String[] TYPES = {"minimize_time", "daily_goal", "weekly_goal"};
    private static final String[] FIRST = {
        "Alex", "Sam", "Camille", "Jordan", "Lina", "Noah", "Emma", "Hugo", "Chloé", "Léo", "Inès", "Louis", "Manon",
        "Nathan", "Sarah", "Yanis", "Jade", "Lucas", "Zoé", "Adam"
    };
    private static final String[] LAST = {
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefebvre",
        "Michel",
        "Garcia",
        "Roux",
        "Fournier",
        "Girard"
    };

    public record Options(int users, int activities, int challenges) {
        public Options {
            if (users < 3 || activities < 0 || challenges < 0) {
                throw new IllegalArgumentException(
                        "--users must be at least 3; --activities and --challenges at least 0");
            }
        }
    }

    private final Random random = new Random(20261128);
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private long started;

    public static void load(String jdbcUrl, String user, String password, Options options) throws SQLException {
        new DemoData().run(jdbcUrl, user, password, options);
    }

    private void run(String jdbcUrl, String user, String password, Options o) throws SQLException {
        started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            progress("removing the previous demo data set, if any");
            execute(c, "DELETE FROM users WHERE email LIKE '%@" + DOMAIN + "'");

            progress("hashing the demo password once (Argon2id, the accounts' PasswordHasher)");
            String hash = new PasswordHasher().hash(PASSWORD);
            long[] users = reserve(c, "users_id_seq", o.users());
            copyUsers(copy, users, hash);

            long[] heavy = weights(users.length);
            copyActivities(copy, users, heavy, o.activities());

            long[] challenges = reserve(c, "challenges_id_seq", o.challenges());
            copyChallenges(copy, c, users, challenges);

            progress("computing the final results of completed challenges");
            execute(c, FINAL_RESULTS.replace("$DOMAIN", DOMAIN));
            progress("ANALYZE");
            execute(c, "ANALYZE users");
            execute(c, "ANALYZE activities");
            execute(c, "ANALYZE challenges");
            execute(c, "ANALYZE challenge_participants");
            summary(c);
        }
    }

    // ---- users --------------------------------------------------------------------------------------------

    private void copyUsers(CopyManager copy, long[] ids, String hash) throws SQLException {
        StringBuilder rows = new StringBuilder(ids.length * 200);
        for (int i = 0; i < ids.length; i++) {
            String username = i == 0 ? "demo" : i == 1 ? "demo_admin" : "demo_%05d".formatted(i);
            String email = (i == 0 ? "demo" : i == 1 ? "admin" : username) + "@" + DOMAIN;
            String fullName = i == 0
                    ? "Demo User"
                    : i == 1
                            ? "Demo Admin"
                            : FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            int limit = 60 + 15 * random.nextInt(9);
            boolean verified = i < 2 || random.nextInt(100) < 93;
            boolean active = i < 2 || random.nextInt(100) < 98;
            boolean reminders = i < 2 || random.nextInt(100) < 60;
            OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC)
                    .minusDays(DAYS + random.nextInt(300))
                    .minusMinutes(random.nextInt(1440));
            row(
                    rows,
                    ids[i],
                    email,
                    username,
                    hash,
                    fullName,
                    active,
                    verified,
                    i == 1 ? "admin" : "user",
                    limit,
                    reminders,
                    created);
        }
        copyIn(
                copy,
                "COPY users (id, email, username, password_hash, full_name, is_active, is_verified, role, "
                        + "daily_limit_minutes, email_reminders, created_at) FROM STDIN",
                rows);
        progress("users: " + ids.length);
    }

    /** A skewed share of the activity per user (a few heavy users, many light ones), as cumulative weights. */
    private long[] weights(int users) {
        long[] cumulative = new long[users];
        long sum = 0;
        for (int i = 0; i < users; i++) {
            sum += i == 0 ? 40 : 1 + (long) (Math.exp(random.nextGaussian() * 0.8) * 10);
            cumulative[i] = sum;
        }
        return cumulative;
    }

    private int pick(long[] cumulative) {
        long target = (long) (random.nextDouble() * cumulative[cumulative.length - 1]);
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    // ---- activities ---------------------------------------------------------------------------------------

    private void copyActivities(CopyManager copy, long[] users, long[] weights, int count) throws SQLException {
        String sql =
                "COPY activities (user_id, app_name, app_package, app_category, duration_minutes, start_time, end_time, "
                        + "activity_date, device_type) FROM STDIN";
        StringBuilder rows = new StringBuilder(BATCH * 140);
        for (int n = 1; n <= count; n++) {
            App app = app();
            int minutes = (int) Math.max(
                    1, Math.min(1440 / 2, Math.round(app.typicalMinutes() * Math.exp(random.nextGaussian() * 0.7))));
            LocalDate date = today.minusDays(random.nextInt(DAYS));
            // Evenings are busier than mornings.
            int hour = Math.min(23, (int) Math.abs(7 + random.nextGaussian() * 3.5 + (random.nextBoolean() ? 8 : 0)));
            OffsetDateTime start =
                    date.atTime(LocalTime.of(hour, random.nextInt(60))).atOffset(ZoneOffset.UTC);
            row(
                    rows,
                    users[pick(weights)],
                    app.name(),
                    app.pkg(),
                    app.category(),
                    minutes,
                    start,
                    start.plusMinutes(minutes),
                    date,
                    DEVICES[random.nextInt(DEVICES.length)]);
            if (n % BATCH == 0 || n == count) {
                copyIn(copy, sql, rows);
                rows.setLength(0);
                if (n % (BATCH * 4) == 0 || n == count) {
                    progress("activities: " + n + " / " + count);
                }
            }
        }
    }

    private App app() {
        int r = random.nextInt(TOTAL_WEIGHT);
        for (App app : APPS) {
            r -= app.weight();
            if (r < 0) {
                return app;
            }
        }
        return APPS.get(0);
    }

    // ---- challenges ---------------------------------------------------------------------------------------

    private void copyChallenges(CopyManager copy, Connection c, long[] users, long[] ids) throws SQLException {
        StringBuilder challenges = new StringBuilder(ids.length * 200);
        StringBuilder participants = new StringBuilder(ids.length * 30 * 40);
        Set<String> codes = new HashSet<>();
        Set<String> existing = existingCodes(c);
        long pairs = 0;
        for (int i = 0; i < ids.length; i++) {
            int days = 7 + random.nextInt(24); // 7..30 days
            LocalDate start = today.minusDays(random.nextInt(DAYS - 10) - 15L); // from 64 days ago to 15 days ahead
            LocalDate end = start.plusDays(days - 1);
            String status = end.isBefore(today)
                    ? (random.nextInt(10) == 0 ? "cancelled" : "completed")
                    : start.isAfter(today) ? "pending" : "active";
            int wanted = Math.min(users.length, 10 + random.nextInt(41)); // 10..50 participants
            int max = Math.min(50, wanted + random.nextInt(6));
            boolean isPrivate = random.nextInt(5) == 0;
            String code = null;
            while (isPrivate && (code == null || codes.contains(code) || existing.contains(code))) {
                code = code();
            }
            codes.add(code);
            App target = random.nextInt(3) == 0 ? app() : null;
            String type = TYPES[random.nextInt(TYPES.length)];
            int targetMinutes = target != null ? 10 + 5 * random.nextInt(7) : 60 + 15 * random.nextInt(9);
            // The demo user creates one of the first challenges and takes part in a few running ones.
            Set<Integer> members = new LinkedHashSet<>();
            members.add(i == 0 ? 0 : random.nextInt(users.length));
            if (i < 6 && !"pending".equals(status)) {
                members.add(0);
            }
            while (members.size() < wanted) {
                members.add(random.nextInt(users.length));
            }
            int creator = members.iterator().next();
            String title = (target != null ? "Less " + target.name() : "Screen-time diet") + " #" + (i + 1);
            OffsetDateTime created =
                    start.minusDays(1 + random.nextInt(5)).atTime(12, 0).atOffset(ZoneOffset.UTC);
            row(
                    challenges,
                    ids[i],
                    users[creator],
                    title,
                    "A demo challenge: " + days + " days, " + type.replace('_', ' ') + ".",
                    type,
                    target == null ? null : target.name(),
                    targetMinutes,
                    start,
                    end,
                    max,
                    isPrivate,
                    code,
                    status,
                    "active".equals(status) || "completed".equals(status)
                            ? start.atStartOfDay().atOffset(ZoneOffset.UTC)
                            : null,
                    created);
            for (int member : members) {
                row(participants, ids[i], users[member], created.plusHours(random.nextInt(20)));
                pairs++;
            }
        }
        copyIn(
                copy,
                "COPY challenges (id, creator_id, title, description, challenge_type, target_app, target_minutes, "
                        + "start_date, end_date, max_participants, is_private, invitation_code, status, activated_at, created_at) FROM STDIN",
                challenges);
        copyIn(copy, "COPY challenge_participants (challenge_id, user_id, joined_at) FROM STDIN", participants);
        progress("challenges: " + ids.length + " with " + pairs + " participants");
    }

    private Set<String> existingCodes(Connection c) throws SQLException {
        Set<String> codes = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT invitation_code FROM challenges WHERE invitation_code IS NOT NULL")) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        return codes;
    }

    private static final SecureRandom CODES = new SecureRandom();

    private static String code() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(alphabet.charAt(CODES.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    /**
     * Final results of the completed demo challenges, with the spec's scoring in SQL (the weekly goal is
     * approximated by the total over the window), the winner (rank 1, fewest minutes first), and the results
     * marked as emailed.
     */
    private static final String FINAL_RESULTS = """
            WITH totals AS (
                SELECT p.challenge_id, p.user_id, c.target_minutes, (c.end_date - c.start_date + 1) AS days,
                       COALESCE(sum(a.duration_minutes), 0) AS total
                FROM challenge_participants p
                JOIN challenges c ON c.id = p.challenge_id
                JOIN users u ON u.id = c.creator_id AND u.email LIKE '%@$DOMAIN'
                LEFT JOIN activities a ON a.user_id = p.user_id AND a.activity_date BETWEEN c.start_date AND c.end_date
                     AND (c.target_app IS NULL OR lower(a.app_name) = lower(c.target_app))
                WHERE c.status = 'completed' AND p.is_active
                GROUP BY p.challenge_id, p.user_id, c.target_minutes, c.start_date, c.end_date),
            scored AS (
                SELECT *, GREATEST(0, target_minutes * days - total) AS score FROM totals),
            ranked AS (
                SELECT *, rank() OVER (PARTITION BY challenge_id ORDER BY score DESC) AS final_rank,
                       row_number() OVER (PARTITION BY challenge_id ORDER BY score DESC, total, user_id) AS position
                FROM scored),
            results AS (
                UPDATE challenge_participants p
                SET final_total_minutes = r.total, final_daily_average = round(r.total::numeric / r.days, 2),
                    final_goal_achieved = r.total <= r.target_minutes * r.days, final_score = r.score, final_rank = r.final_rank
                FROM ranked r WHERE p.challenge_id = r.challenge_id AND p.user_id = r.user_id
                RETURNING 1)
            UPDATE challenges c SET winner_id = r.user_id, completed_at = (c.end_date + 1)::timestamptz,
                                    results_sent_at = (c.end_date + 1)::timestamptz
            FROM ranked r WHERE r.challenge_id = c.id AND r.position = 1""";

    // ---- plumbing -----------------------------------------------------------------------------------------

    /** Reserves {@code n} ids of a sequence, so the rows can be copied with their ids known. */
    private static long[] reserve(Connection c, String sequence, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement st =
                c.prepareStatement("SELECT nextval('" + sequence + "') FROM generate_series(1, ?)")) {
            st.setInt(1, n);
            try (ResultSet rs = st.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    /** One row of COPY's text format: tab-separated, {@code \N} for null, backslash and control characters escaped. */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                out.append("\\N");
            } else {
                String text = v instanceof Boolean b ? (b ? "t" : "f") : v.toString();
                for (int k = 0; k < text.length(); k++) {
                    char ch = text.charAt(k);
                    switch (ch) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(ch);
                    }
                }
            }
        }
        out.append('\n');
    }

    private static void copyIn(CopyManager copy, String sql, StringBuilder rows) throws SQLException {
        try {
            copy.copyIn(sql, new StringReader(rows.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void progress(String what) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private void summary(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM users WHERE email LIKE '%@" + DOMAIN
                        + "'), (SELECT count(*) FROM activities), "
                        + "(SELECT count(*) FROM challenges), (SELECT count(*) FROM challenge_participants), "
                        + "(SELECT string_agg(status || '=' || n, ', ' ORDER BY status) "
                        + "FROM (SELECT status, count(*) n FROM challenges GROUP BY status) s)")) {
            rs.next();
            lines.add("users (demo): " + rs.getLong(1) + ", activities (all): " + rs.getLong(2) + ", challenges (all): "
                    + rs.getLong(3) + " [" + rs.getString(5) + "], participants: " + rs.getLong(4));
        }
        progress("done");
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("Log in (POST /api/auth/login):");
        System.out.println("  user : demo@" + DOMAIN + "  password " + PASSWORD);
        System.out.println("  admin: admin@" + DOMAIN + "  password " + PASSWORD);
    }
}
