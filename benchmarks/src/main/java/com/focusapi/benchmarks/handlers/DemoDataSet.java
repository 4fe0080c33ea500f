package com.focusapi.benchmarks.handlers;

import com.focusapi.local.DemoData;
import com.focusapi.local.EmbeddedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The local API's demo data set ({@code focus-local.jar demo}) loaded into the embedded PostgreSQL of a data
 * folder, and the rows a benchmark reads: the demo user, the running challenge of theirs with the most
 * participants, and their busiest recent day.
 */
public record DemoDataSet(long demoUserId, long challengeId, int participants, LocalDate busiestDay) {
    public static final String DEMO_EMAIL = "demo@" + DemoData.DOMAIN;
    public static final String ADMIN_EMAIL = "admin@" + DemoData.DOMAIN;

    public static DemoDataSet load(Path dataDirectory, int users, int activities, int challenges) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CACHE_ENABLED", "false"); // loading needs no Redis
        try (EmbeddedServices services = EmbeddedServices.start(dataDirectory, env)) {
            EmbeddedServices.Endpoints db = services.endpoints();
            DemoData.load(
                    db.jdbcUrl(),
                    db.databaseUser(),
                    db.databasePassword(),
                    new DemoData.Options(users, activities, challenges));
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
                    Statement st = c.createStatement()) {
                long user = single(st, "SELECT id FROM users WHERE email = '" + DEMO_EMAIL + "'");
                long challenge = single(st, """
                        SELECT c.id FROM challenges c JOIN challenge_participants p ON p.challenge_id = c.id
                        WHERE c.status = 'active'
                          AND EXISTS (SELECT 1 FROM challenge_participants m
                                      WHERE m.challenge_id = c.id AND m.user_id = %d)
                        GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1""".formatted(user));
                long participants =
                        single(st, "SELECT count(*) FROM challenge_participants WHERE challenge_id = " + challenge);
                LocalDate day;
                try (ResultSet rs = st.executeQuery("""
                        SELECT activity_date FROM activities WHERE user_id = %d AND activity_date <= current_date
                        GROUP BY activity_date ORDER BY count(*) DESC, activity_date DESC LIMIT 1""".formatted(user))) {
                    if (!rs.next()) {
                        throw new IllegalStateException("the demo user has no activities");
                    }
                    day = rs.getObject(1, LocalDate.class);
                }
                return new DemoDataSet(user, challenge, (int) participants, day);
            }
        }
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row for: " + sql);
            }
            return rs.getLong(1);
        }
    }
}
