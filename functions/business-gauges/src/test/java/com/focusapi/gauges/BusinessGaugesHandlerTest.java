package com.focusapi.gauges;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.metrics.MetricsPublishing;
import com.focusapi.shared.testing.Sql;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.PushgatewayServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled gauges function through its Lambda handler, on a real PostgreSQL (migrated by Flyway) and
 * pushing to a real Pushgateway: what the scrape and the Pushgateway show is what the users table holds.
 */
class BusinessGaugesHandlerTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static PostgresServer postgres;
    private static PushgatewayServer pushgateway;
    private static Sql db;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        db = new Sql(postgres);
        pushgateway = PushgatewayServer.start();
    }

    @AfterAll
    static void stop() {
        pushgateway.close();
        postgres.close();
    }

    /** One execution environment: the handler Lambda runs, over a context with these servers. */
    private static final class Environment implements AutoCloseable {
        final BusinessGaugesHandler handler;
        final ApplicationContext context;

        Environment() {
            Map<String, Object> properties = new HashMap<>();
            properties.put("function.name", "business-gauges");
            properties.put("database.url", postgres.jdbcUrl());
            properties.put("database.user", postgres.user());
            properties.put("database.migrate", true);
            properties.put("cache.enabled", false);
            properties.put("pushgateway.url", pushgateway.url());
            handler = new BusinessGaugesHandler(new LambdaApplicationContextBuilder().properties(properties));
            context = handler.getApplicationContext();
        }

        BusinessGaugesHandler.Report run() {
            return handler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null);
        }

        String scrape() {
            return context.getBean(PrometheusMeterRegistry.class).scrape();
        }

        MetricsPublishing publishing() {
            return context.getBean(MetricsPublishing.class);
        }

        @Override
        public void close() {
            try {
                handler.close();
            } finally {
                if (context.isRunning()) {
                    context.close();
                }
            }
        }
    }

    @BeforeEach
    void emptyTables() {
        // The first environment of the class migrates; later ones find the schema in place.
        try (Environment ignored = new Environment()) {
            db.execute("DELETE FROM users");
        }
    }

    @Test
    void setsUsersByDisjointStatusAndPushesThem() {
        insertUser("a", true, true);
        insertUser("b", true, true);
        insertUser("c", false, true);
        insertUser("d", false, false);
        insertUser("e", true, false);
        insertUser("f", true, false);
        insertUser("g", true, false);
        try (Environment env = new Environment()) {
            BusinessGaugesHandler.Report report = env.run();
            assertThat(report.users())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("active", 2L, "inactive", 2L, "unverified", 3L));
            assertThat(report.users().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(7);
            assertThat(report.challenges())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("pending", 0L, "active", 0L, "completed", 0L, "cancelled", 0L));
            assertThat(report.challengeParticipants()).isZero();

            String scrape = env.scrape();
            assertThat(scrape)
                    .contains("# TYPE focus_api_users_total gauge")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"active\"} 2.0")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"inactive\"} 2.0")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"unverified\"} 3.0")
                    .contains("focus_api_challenges_total{function=\"business-gauges\",status=\"active\"} 0.0")
                    .contains("focus_api_challenges_participants_total{function=\"business-gauges\"} 0.0");

            // The push after the invocation runs in the background: wait for it, do not force it.
            assertThat(env.publishing().awaitIdle(Duration.ofSeconds(10))).isTrue();
            String instance = env.publishing().instanceId().orElseThrow();
            String pushed = pushgateway.metricsText();
            assertThat(value(pushed, "focus_api_users_total", instance, "active"))
                    .isEqualTo(2);
            assertThat(value(pushed, "focus_api_users_total", instance, "inactive"))
                    .isEqualTo(2);
            assertThat(value(pushed, "focus_api_users_total", instance, "unverified"))
                    .isEqualTo(3);
        }
    }

    @Test
    void aSecondRunReplacesTheValues() {
        long unverified = insertUser("u", true, false);
        long active = insertUser("v", true, true);
        insertUser("w", true, true);
        try (Environment env = new Environment()) {
            env.run();
            assertThat(env.scrape())
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"active\"} 2.0")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"inactive\"} 0.0")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"unverified\"} 1.0");

            db.execute("UPDATE users SET is_verified = TRUE WHERE id = " + unverified);
            db.execute("UPDATE users SET is_active = FALSE WHERE id = " + active);
            BusinessGaugesHandler.Report report = env.run();
            assertThat(report.users())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("active", 2L, "inactive", 1L, "unverified", 0L));
            // Gauges, not counters: the values are replaced, not added to.
            assertThat(env.scrape())
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"active\"} 2.0")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"inactive\"} 1.0")
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"unverified\"} 0.0");

            assertThat(env.publishing().awaitIdle(Duration.ofSeconds(10))).isTrue();
            String instance = env.publishing().instanceId().orElseThrow();
            String pushed = pushgateway.metricsText();
            assertThat(value(pushed, "focus_api_users_total", instance, "active"))
                    .isEqualTo(2);
            assertThat(value(pushed, "focus_api_users_total", instance, "inactive"))
                    .isEqualTo(1);
            assertThat(value(pushed, "focus_api_users_total", instance, "unverified"))
                    .isEqualTo(0);
        }
    }

    /** Challenges by status, and the active participants (those who left excluded) of active challenges. */
    @Test
    void setsTheChallengeGaugesFromTheChallengeTables() {
        long creator = insertUser("creator", true, true);
        long[] others = {insertUser("p", true, true), insertUser("q", true, true), insertUser("r", true, true)};
        long a = challenge(creator, "active");
        long b = challenge(creator, "active");
        long p = challenge(creator, "pending");
        long c = challenge(creator, "completed");
        participants(a, creator, others[0], others[1]);
        participants(b, creator, others[2]);
        participants(p, creator, others[0]);
        participants(c, creator);
        db.execute("UPDATE challenge_participants SET is_active = FALSE, left_at = now() WHERE challenge_id = " + a
                + " AND user_id = " + others[1]);
        try (Environment env = new Environment()) {
            BusinessGaugesHandler.Report report = env.run();
            assertThat(report.challenges())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("pending", 1L, "active", 2L, "completed", 1L, "cancelled", 0L));
            assertThat(report.challengeParticipants()).isEqualTo(4);
            assertThat(env.scrape())
                    .contains("focus_api_challenges_total{function=\"business-gauges\",status=\"active\"} 2.0")
                    .contains("focus_api_challenges_total{function=\"business-gauges\",status=\"cancelled\"} 0.0")
                    .contains("focus_api_challenges_participants_total{function=\"business-gauges\"} 4.0");
        }
    }

    private static long challenge(long creator, String status) {
        return db.scalar(
                "INSERT INTO challenges (creator_id, title, challenge_type, target_minutes, start_date, end_date, status) "
                        + "VALUES (" + creator
                        + ", 'Gauge', 'minimize_time', 60, DATE '2026-01-01', DATE '2026-01-07', '" + status
                        + "') RETURNING id");
    }

    private static void participants(long challenge, long... users) {
        for (long user : users) {
            db.execute("INSERT INTO challenge_participants (challenge_id, user_id) VALUES (" + challenge + ", " + user
                    + ")");
        }
    }

    /** The sample of {@code name} in one pushed group (this function, this instance) with this status. */
    private static double value(String text, String name, String instance, String status) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{")
                        && line.contains("function=\"business-gauges\"")
                        && line.contains("instance=\"" + instance + "\"")
                        && line.contains("status=\"" + status + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }

    /** A users row; returns its id. */
    private static long insertUser(String prefix, boolean active, boolean verified) {
        String name = prefix + "_" + SEQ.incrementAndGet();
        return db.scalar("INSERT INTO users (email, username, password_hash, is_active, is_verified) VALUES ('" + name
                + "@example.com', '" + name + "', 'x', " + active + ", " + verified + ") RETURNING id");
    }
}
