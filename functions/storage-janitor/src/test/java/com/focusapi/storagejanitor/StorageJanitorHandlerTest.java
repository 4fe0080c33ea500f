package com.focusapi.storagejanitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.Sql;
import com.focusapi.testsupport.PostgresServer;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduled storage janitor through its Lambda handler on a real PostgreSQL (migrated by Flyway): for each
 * table, rows just past their limit are deleted and rows just inside it are kept. Ages are set in SQL relative
 * to the database's {@code now()}, so nothing depends on the test's clock.
 */
class StorageJanitorHandlerTest {
    private static PostgresServer postgres;
    private static Sql db;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        db = new Sql(postgres);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static StorageJanitorHandler.Report run() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("function.name", "storage-janitor");
        properties.put("database.url", postgres.jdbcUrl());
        properties.put("database.user", postgres.user());
        properties.put("database.migrate", true);
        properties.put("cache.enabled", false);
        properties.put("metrics.enabled", false);
        try (StorageJanitorHandler handler =
                new StorageJanitorHandler(new LambdaApplicationContextBuilder().properties(properties))) {
            return handler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null);
        }
    }

    @Test
    void deletesRowsPastTheirLimitsAndKeepsFreshOnes() {
        run(); // migrates
        long user = db.scalar("INSERT INTO users (email, username, password_hash) VALUES ('j@example.com', 'janitor',"
                + " 'x') RETURNING id");

        // login_attempts: kept one day.
        login("old", "25 hours");
        login("fresh", "23 hours");
        // account_tokens: used or expired, and created more than a day ago.
        token(
                user,
                "used-old",
                "2 days",
                "now() - interval '2 days' + interval '1 minute'",
                "now() - interval '1 day'");
        token(user, "expired-old", "2 days", "NULL", "now() - interval '1 day'");
        token(user, "used-recent", "2 hours", "now() - interval '1 hour'", "now() + interval '22 hours'");
        token(user, "expired-recent", "2 hours", "NULL", "now() - interval '1 hour'");
        token(user, "valid", "1 minute", "NULL", "now() + interval '1 hour'");
        // refresh_tokens: a family goes when its last token has expired; a used token of a live family stays.
        refresh(user, "11111111-1111-1111-1111-111111111111", "dead-1", "now() - interval '8 days'", "now()");
        refresh(user, "11111111-1111-1111-1111-111111111111", "dead-2", "now() - interval '1 second'", "NULL");
        refresh(user, "22222222-2222-2222-2222-222222222222", "live-used", "now() - interval '1 day'", "now()");
        refresh(user, "22222222-2222-2222-2222-222222222222", "live-newest", "now() + interval '6 days'", "NULL");
        // A family past its absolute life goes even while its newest token has days left (written before the
        // cap, or by hand: the function never issues a token beyond its family's end).
        db.execute("INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, family_expires_at) VALUES ("
                + user + ", '33333333-3333-3333-3333-333333333333', '" + hash("over-life")
                + "', now() + interval '6 days', now() - interval '1 second')");
        // account_email_requests: the email limits look back an hour; kept one day.
        db.execute(
                "INSERT INTO account_email_requests (email_key, source_ip, requested_at) VALUES "
                        + "('old', '10.0.0.1', now() - interval '25 hours'), ('fresh', '10.0.0.1', now() - interval '23 hours')");
        // idempotency_keys: honoured 24 hours.
        db.execute("INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, created_at) VALUES (" + user
                + ", 'old', repeat('a', 64), now() - interval '25 hours'), (" + user
                + ", 'fresh', repeat('a', 64), now() - interval '23 hours')");

        StorageJanitorHandler.Report report = run();

        assertThat(report.deleted())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "login_attempts",
                        1L,
                        "account_tokens",
                        2L,
                        "refresh_tokens",
                        3L,
                        "idempotency_keys",
                        1L,
                        "account_email_requests",
                        1L));
        assertThat(db.text("SELECT string_agg(email_key, ',') FROM account_email_requests"))
                .isEqualTo("fresh");
        assertThat(db.text("SELECT string_agg(email_key, ',') FROM login_attempts"))
                .isEqualTo("fresh");
        assertThat(db.text("SELECT string_agg(token_hash, ',' ORDER BY token_hash) FROM account_tokens"))
                .isEqualTo(String.join(",", hash("expired-recent"), hash("used-recent"), hash("valid")));
        assertThat(db.text("SELECT string_agg(token_hash, ',' ORDER BY token_hash) FROM refresh_tokens"))
                .isEqualTo(String.join(",", hash("live-newest"), hash("live-used")));
        assertThat(db.text("SELECT string_agg(idempotency_key, ',') FROM idempotency_keys"))
                .isEqualTo("fresh");
        // A second run finds nothing left to delete.
        assertThat(run().deleted().values()).containsOnly(0L);
    }

    @Test
    void aBacklogLargerThanOneBatchIsDeletedInOneRun() {
        run();
        db.execute("DELETE FROM login_attempts");
        db.execute("INSERT INTO login_attempts (email_key, source_ip, succeeded, attempted_at) SELECT 'x' || i,"
                + " '10.0.0.1', FALSE, now() - interval '2 days' FROM generate_series(1, " + (2 * ExpiredRows.BATCH + 7)
                + ") i");
        assertThat(run().deleted()).containsEntry("login_attempts", 2L * ExpiredRows.BATCH + 7);
        assertThat(db.scalar("SELECT count(*) FROM login_attempts")).isZero();
    }

    private static void login(String email, String age) {
        db.execute("INSERT INTO login_attempts (email_key, source_ip, succeeded, attempted_at) VALUES ('" + email
                + "', '10.0.0.1', FALSE, now() - interval '" + age + "')");
    }

    /** A token row; the hash column holds a readable, padded name (only its uniqueness matters here). */
    private static void token(long user, String name, String age, String usedAt, String expiresAt) {
        db.execute("INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, used_at, expires_at) VALUES ("
                + user + ", 'verify_email', '" + hash(name) + "', now() - interval '" + age + "', " + usedAt + ", "
                + expiresAt + ")");
    }

    private static void refresh(long user, String family, String name, String expiresAt, String usedAt) {
        db.execute("INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, used_at) VALUES (" + user
                + ", '" + family + "', '" + hash(name) + "', " + expiresAt + ", " + usedAt + ")");
    }

    private static String hash(String name) {
        return String.format("%-64s", name).replace(' ', '0');
    }
}
