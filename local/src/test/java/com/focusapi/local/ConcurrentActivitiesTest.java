package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.local.JourneyHosts.Reply;
import com.focusapi.shared.accounts.AuthSettings;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.internal.JwtSecretSource;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 activities posted at once over 20 users through the activities function's jar, with Idempotency-Keys and
 * retries mixed in, while the users and activities functions (each its own jar and class loader, one Redis as
 * in AWS) serve the statistics that the posts invalidate. Afterwards: exactly one row per activity (a key sent
 * three times at once or retried after its answer writes one row), and every statistic the cache serves equals
 * a fresh computation (Redis flushed) and the sums in PostgreSQL.
 */
class ConcurrentActivitiesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final int USERS = 20;
    private static final int ACTIVITIES = 200;
    /** Activities fall on today and the two days before, so daily and weekly statistics both move. */
    private static final int DAYS = 3;

    @TempDir
    static Path dataDirectory;

    private static PostgresServer postgres;
    private static RedisServer redis;
    private static FunctionHost activities;
    private static FunctionHost users;
    private static JwtService jwt;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        activities = host(template, "ActivitiesFunction");
        users = host(template, "UsersFunction");
        AuthSettings auth = new AuthSettings();
        auth.setSecretFile(dataDirectory.resolve("jwt-secret").toString());
        jwt = new JwtService(new JwtSecretSource(auth), auth);
    }

    private static FunctionHost host(SamTemplate template, String logicalId) {
        return JourneyHosts.host(
                template,
                logicalId,
                postgres,
                redis,
                dataDirectory.resolve("jwt-secret"),
                Map.of("database.pool-size", 10, "database.connection-timeout-ms", 30_000));
    }

    @AfterAll
    static void stop() {
        for (FunctionHost host : new FunctionHost[] {activities, users}) {
            if (host != null) {
                host.close();
            }
        }
        redis.close();
        postgres.close();
    }

    /**
     * Activity {@code n}: one of three kinds. A third carry a key and are sent three times at once (a client
     * that timed out and retried while the first was still running); a third carry a key and are sent again
     * once answered; the rest carry no key and are sent once.
     */
    private static int sends(int n) {
        return switch (n % 3) {
            case 0 -> 3;
            case 1 -> 2;
            default -> 1;
        };
    }

    private static Map<String, Object> body(int n) {
        return Map.of(
                "app_name",
                n % 2 == 0 ? "TikTok" : "YouTube",
                "duration_minutes",
                1 + n % 37,
                "activity_date",
                TODAY.minusDays(n % DAYS).toString());
    }

    @Test
    void concurrentPostsWithRetriesWriteEachActivityOnceAndLeaveNoStaleStatistic() throws Exception {
        long[] ids = new long[USERS];
        String[] tokens = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            ids[i] = scalar("INSERT INTO users (email, username, password_hash, is_verified) VALUES ('poster" + i
                    + "@example.com', 'poster" + i + "', 'x', TRUE) RETURNING id");
            tokens[i] = jwt.issue(ids[i], "user").token();
            // Cached before the burst: the posts must invalidate these entries, not merely never create them.
            assertThat(statistics(i, tokens[i]).size()).isEqualTo(1 + DAYS);
        }

        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<Long> created = new HashSet<>();
        try {
            // Readers refill the cache while the writes happen: a read that computes before a write commits and
            // stores after its invalidation is the race that leaves a stale entry.
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int first = r;
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (writing.get()) {
                        for (int i = first; i < USERS; i += 2) {
                            statistics(i, tokens[i]);
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            List<Future<List<Reply>>> posts = new ArrayList<>();
            for (int n = 0; n < ACTIVITIES; n++) {
                int activity = n;
                String token = tokens[n % USERS];
                Map<String, String> key = sends(n) == 1 ? Map.of() : Map.of("Idempotency-Key", "activity-" + n);
                if (sends(n) == 3) {
                    for (int s = 0; s < 3; s++) {
                        posts.add(pool.submit(() -> List.of(post(activity, token, key))));
                    }
                } else {
                    posts.add(pool.submit(() -> {
                        List<Reply> replies = new ArrayList<>();
                        for (int s = 0; s < sends(activity); s++) {
                            replies.add(post(activity, token, key));
                        }
                        return replies;
                    }));
                }
            }
            for (Future<List<Reply>> post : posts) {
                for (Reply reply : post.get(300, TimeUnit.SECONDS)) {
                    assertThat(reply.status()).as(String.valueOf(reply.json())).isEqualTo(201);
                    created.add(reply.json().get("id").asLong());
                }
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }

        // One row per activity, whatever the retries; every answer (first or replayed) names one of them.
        assertThat(scalar("SELECT count(*) FROM activities")).isEqualTo(ACTIVITIES);
        assertThat(created).hasSize(ACTIVITIES);
        assertThat(scalar("SELECT count(*) FROM idempotency_keys WHERE response_status = 201"))
                .isEqualTo(java.util.stream.IntStream.range(0, ACTIVITIES)
                        .filter(n -> sends(n) > 1)
                        .count());

        for (int i = 0; i < USERS; i++) {
            List<JsonNode> served = statistics(i, tokens[i]); // what the cache holds, if anything
            redis.cli("FLUSHALL");
            List<JsonNode> fresh = statistics(i, tokens[i]);
            assertThat(served)
                    .as("user " + i + ": cached statistics vs a fresh computation")
                    .isEqualTo(fresh);
            assertThat(fresh.get(0).get("total_activities").asLong())
                    .isEqualTo(scalar("SELECT count(*) FROM activities WHERE user_id = " + ids[i]));
            for (int d = 0; d < DAYS; d++) {
                assertThat(fresh.get(1 + d).get("total_minutes").asLong())
                        .as("user " + i + " day -" + d)
                        .isEqualTo(scalar("SELECT coalesce(sum(duration_minutes), 0) FROM activities WHERE user_id = "
                                + ids[i] + " AND activity_date = '" + TODAY.minusDays(d) + "'"));
            }
        }
    }

    private static Reply post(int n, String token, Map<String, String> key) throws Exception {
        return JourneyHosts.call(activities, "POST", "/api/activities", body(n), token, key);
    }

    /** {@code GET /api/users/me/stats}, then the daily statistics of each day the activities fall on. */
    private static List<JsonNode> statistics(int user, String token) throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        Reply me = JourneyHosts.call(users, "GET", "/api/users/me/stats", null, token);
        assertThat(me.status()).as("user %d: %s", user, me.json()).isEqualTo(200);
        answers.add(me.json());
        for (int d = 0; d < DAYS; d++) {
            Reply daily = JourneyHosts.call(
                    activities, "GET", "/api/activities/stats/daily?date=" + TODAY.minusDays(d), null, token);
            assertThat(daily.status()).as("user %d: %s", user, daily.json()).isEqualTo(200);
            answers.add(daily.json());
        }
        return answers;
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
