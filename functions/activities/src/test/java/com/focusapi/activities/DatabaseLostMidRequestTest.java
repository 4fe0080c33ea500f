package com.focusapi.activities;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.shared.testing.ProblemAssertions;
import com.focusapi.testsupport.FaultyTcpProxy;
import com.focusapi.testsupport.JsonApi.Reply;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database lost in the middle of a write: {@code POST /api/activities} with an Idempotency-Key writes
 * the key's record and the activity, then waits for the app's limit row, which the test holds locked from
 * its own connection. While the function's transaction is in flight, the test either resets its connection
 * (a proxy between the function and PostgreSQL) or terminates its backend ({@code pg_terminate_backend}).
 * The user gets a 503 problem+json, nothing of the write is left (no activity, no key record), and the
 * next request, with the same key, succeeds on a new connection: the pool recovers by itself.
 */
class DatabaseLostMidRequestTest {
    private static FaultyTcpProxy proxy;
    private static ProxiedApp app;
    private static final ExecutorService REQUESTS = Executors.newSingleThreadExecutor();

    /** The activities function reaching PostgreSQL through {@link #proxy}. */
    static final class ProxiedApp extends FunctionTestApp {
        ProxiedApp() {
            super(null, postgres -> {
                proxy = FaultyTcpProxy.to(postgres.port());
                Map<String, Object> extra = new HashMap<>();
                extra.put("database.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
                // Longer than the test's wait: the fault, not the socket timeout, is what ends the request.
                extra.put("database.socket-timeout-ms", 120_000);
                // Room for a busy machine's first connection (migrations); a refused connect fails at once anyway.
                extra.put("database.connection-timeout-ms", 10_000);
                return extra;
            });
        }
    }

    @BeforeAll
    static void start() {
        app = new ProxiedApp();
    }

    @AfterAll
    static void stop() {
        REQUESTS.shutdownNow();
        app.close();
        proxy.close();
    }

    @Test
    void connectionResetMidTransactionThenDatabaseUnreachableThenBack() throws Exception {
        Scenario s = new Scenario("reset");
        Reply lost = s.postWhileLimitRowLocked(() -> proxy.resetAll());
        s.assertUnavailableAndNothingWritten(lost);

        // Still unreachable: a clean 503 again, not a hang.
        proxy.refuse();
        s.assertUnavailableAndNothingWritten(s.post());

        proxy.passThrough();
        s.assertServedOnce(s.post());
    }

    @Test
    void backendTerminatedMidTransaction() throws Exception {
        Scenario s = new Scenario("terminated");
        Reply lost = s.postWhileLimitRowLocked(
                () -> assertThat(app.scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                + "WHERE application_name = 'focus-api' AND wait_event_type = 'Lock'"))
                        .isEqualTo(1));
        s.assertUnavailableAndNothingWritten(lost);
        s.assertServedOnce(s.post());
    }

    /** One user with a daily limit on an app, and the POST of an activity of that app with one key. */
    private static final class Scenario {
        final long userId;
        final String token;
        final String key;
        final Map<String, Object> body = new HashMap<>();

        Scenario(String prefix) {
            userId = app.createUser(prefix, true, "user");
            token = app.tokenFor(userId, "user");
            key = prefix + "-key";
            app.execute("INSERT INTO blocked_apps (user_id, app_name, daily_limit_minutes, notify_at_percentage) "
                    + "VALUES (" + userId + ", 'YouTube', 120, 80)");
            body.put("app_name", "YouTube");
            body.put("duration_minutes", 30);
            body.put("activity_date", LocalDate.now().toString());
        }

        Reply post() {
            return app.api.call("POST", "/api/activities", body, token, Map.of("Idempotency-Key", key));
        }

        /**
         * Sends the POST while the test holds the user's limit row: once the function's transaction waits for
         * it (its key record and activity already written, uncommitted), {@code fault} runs; then the row is
         * released. Returns the answer, under a 60 s guard that only catches a hang.
         */
        Reply postWhileLimitRowLocked(Runnable fault) throws Exception {
            try (Connection holder = app.sql.connect()) {
                holder.setAutoCommit(false);
                try (Statement st = holder.createStatement()) {
                    st.execute("SELECT 1 FROM blocked_apps WHERE user_id = " + userId + " FOR UPDATE");
                }
                Future<Reply> reply = REQUESTS.submit(this::post);
                awaitWaitingOnTheLock();
                assertThat(app.scalar("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
                                + "WHERE a.application_name = 'focus-api' AND l.locktype = 'transactionid' "
                                + "AND l.mode = 'ExclusiveLock' AND l.granted"))
                        .as("the function's transaction has written (it holds a transaction id)")
                        .isEqualTo(1);
                fault.run();
                Reply answer = reply.get(60, TimeUnit.SECONDS);
                holder.rollback();
                return answer;
            }
        }

        private void awaitWaitingOnTheLock() throws InterruptedException {
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                if (app.scalar("SELECT count(*) FROM pg_stat_activity "
                                + "WHERE application_name = 'focus-api' AND wait_event_type = 'Lock'")
                        == 1) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the function's write never reached the locked limit row");
        }

        void assertUnavailableAndNothingWritten(Reply reply) throws SQLException {
            ProblemAssertions.assertProblem(reply, 503);
            assertThat(reply.body()).doesNotContain("127.0.0.1").doesNotContain("PSQLException");
            awaitNoBackendInFlight();
            assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + userId))
                    .isZero();
            assertThat(app.scalar("SELECT count(*) FROM idempotency_keys WHERE user_id = " + userId))
                    .isZero();
        }

        void assertServedOnce(Reply reply) {
            assertThat(reply.status())
                    .as("after the database is back: %s", reply)
                    .isEqualTo(201);
            assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + userId))
                    .isEqualTo(1);
            assertThat(app.scalar("SELECT count(*) FROM idempotency_keys WHERE user_id = " + userId
                            + " AND response_status = 201"))
                    .isEqualTo(1);
        }

        /** The cut-off backend ends its transaction (rolled back) once it finds its client gone. */
        private void awaitNoBackendInFlight() {
            long deadline = System.currentTimeMillis() + 30_000;
            while (app.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'focus-api' "
                                    + "AND state <> 'idle'")
                            > 0
                    && System.currentTimeMillis() < deadline) {
                sleep(50);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
