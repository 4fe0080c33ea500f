package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.persistence.SchemaMigrations;
import com.focusapi.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The demo data set, small, on a real PostgreSQL: what it loads satisfies the schema and the logins work; a second load replaces it. */
class DemoDataTest {

    @Test
    void loadsUsersActivitiesAndChallengesAndReplacesThemWhenRunAgain() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            SchemaMigrations.apply(postgres.jdbcUrl(), postgres.user(), "");
            DemoData.Options options = new DemoData.Options(200, 20_000, 30);
            DemoData.load(postgres.jdbcUrl(), postgres.user(), "", options);
            DemoData.load(postgres.jdbcUrl(), postgres.user(), "", options);
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
                assertThat(scalar(c, "SELECT count(*) FROM users")).isEqualTo(200);
                assertThat(scalar(c, "SELECT count(*) FROM activities")).isEqualTo(20_000);
                assertThat(scalar(c, "SELECT count(*) FROM challenges")).isEqualTo(30);
                assertThat(
                                scalar(
                                        c,
                                        "SELECT count(*) FROM activities WHERE activity_date < CURRENT_DATE - 89 OR activity_date > CURRENT_DATE"))
                        .isZero();
                assertThat(scalar(c, "SELECT count(DISTINCT app_name) FROM activities"))
                        .isGreaterThan(10);
                assertThat(
                                scalar(
                                        c,
                                        "SELECT min(n) FROM (SELECT count(*) n FROM challenge_participants GROUP BY challenge_id) s"))
                        .isGreaterThanOrEqualTo(10);
                assertThat(
                                scalar(
                                        c,
                                        "SELECT max(n) FROM (SELECT count(*) n FROM challenge_participants GROUP BY challenge_id) s"))
                        .isLessThanOrEqualTo(50);
                assertThat(
                                scalar(
                                        c,
                                        "SELECT count(*) FROM challenges WHERE status = 'completed' AND (winner_id IS NULL OR results_sent_at IS NULL)"))
                        .isZero();
                assertThat(scalar(
                                c,
                                "SELECT count(*) FROM challenge_participants p JOIN challenges ch ON ch.id = p.challenge_id "
                                        + "WHERE ch.status = 'completed' AND p.final_rank IS NULL"))
                        .isZero();
                assertThat(scalar(
                                c,
                                "SELECT count(*) FROM users WHERE role = 'admin' AND email = 'admin@" + DemoData.DOMAIN
                                        + "'"))
                        .isEqualTo(1);
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT password_hash FROM users WHERE email = 'demo@"
                                + DemoData.DOMAIN + "' AND is_verified")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(new PasswordHasher().verify(DemoData.PASSWORD, rs.getString(1)))
                            .isTrue();
                }
            }
        }
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
