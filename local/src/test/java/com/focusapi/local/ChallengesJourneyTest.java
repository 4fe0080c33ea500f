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
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Two Lambdas, two shaded jars, two class loaders, one PostgreSQL and one Redis (as in AWS): activities
 * written through the activities function must drop the leaderboards that the challenges function caches.
 * 200 activity posts at once over 20 users in 5 challenges, with leaderboard reads racing them: afterwards
 * 200 rows, and every cached leaderboard equals a fresh computation.
 */
class ChallengesJourneyTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final int USERS = 20;

    @TempDir
    static Path dataDirectory;

    private static PostgresServer postgres;
    private static RedisServer redis;
    private static FunctionHost activities;
    private static FunctionHost challenges;
    private static JwtService jwt;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        activities = host(template, "ActivitiesFunction");
        challenges = host(template, "ChallengesFunction");
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
                Map.of("database.pool-size", 10, "database.connection-timeout-ms", 30_000, "email.sender", "console"));
    }

    @AfterAll
    static void stop() {
        for (FunctionHost host : new FunctionHost[] {activities, challenges}) {
            if (host != null) {
                host.close();
            }
        }
        redis.close();
        postgres.close();
    }

    private static Reply call(FunctionHost host, String method, String path, Object body, String token)
            throws Exception {
        return JourneyHosts.call(host, method, path, body, token);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void concurrentActivityPostsLeaveEveryCachedLeaderboardEqualToAFreshOne() throws Exception {
        long[] users = new long[USERS];
        String[] tokens = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = scalar("INSERT INTO users (email, username, password_hash, is_verified) VALUES ('racer" + i
                    + "@example.com', 'racer" + i + "', 'x', TRUE) RETURNING id");
            tokens[i] = jwt.issue(users[i], "user").token();
        }
        // 5 challenges of 4 users each, one user in two of them; windows from 3 days ago to 3 days ahead.
        long[] ids = new long[5];
        for (int k = 0; k < 5; k++) {
            Map<String, Object> body = Map.of(
                    "title",
                    "Race " + k,
                    "challenge_type",
                    k % 2 == 0 ? "minimize_time" : "weekly_goal",
                    "target_minutes",
                    60,
                    "start_date",
                    TODAY.toString(),
                    "end_date",
                    TODAY.plusDays(6).toString());
            Reply created = call(challenges, "POST", "/api/challenges", body, tokens[4 * k]);
            assertThat(created.status()).as(String.valueOf(created.json())).isEqualTo(201);
            ids[k] = created.json().get("id").asLong();
            for (int j = 1; j < 4; j++) {
                assertThat(call(challenges, "POST", "/api/challenges/" + ids[k] + "/join", null, tokens[4 * k + j])
                                .status())
                        .isEqualTo(200);
            }
        }
        assertThat(call(challenges, "POST", "/api/challenges/" + ids[1] + "/join", null, tokens[0])
                        .status())
                .isEqualTo(200);
        execute("UPDATE challenges SET status = 'active', start_date = '" + TODAY.minusDays(3) + "', end_date = '"
                + TODAY.plusDays(3) + "' WHERE title LIKE 'Race %'");
        for (long id : ids) {
            redis.cli("DEL", "focus:v1:{challenge:" + id + "}", "focus:v1:{challenge:" + id + "}:leaderboard");
            assertThat(call(challenges, "GET", "/api/challenges/" + id + "/leaderboard", null, tokens[0])
                            .status())
                    .isEqualTo(200);
        }

        assertThat(call(activities, "GET", "/api/activities", null, tokens[0]).status())
                .isEqualTo(200); // started before the burst
        ExecutorService pool = Executors.newFixedThreadPool(12);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (writing.get()) {
                        for (long id : ids) {
                            call(challenges, "GET", "/api/challenges/" + id + "/leaderboard", null, tokens[1]);
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            List<Future<Integer>> posts = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                int user = n % USERS;
                int seed = n;
                posts.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    Map<String, Object> activity = Map.of(
                            "app_name",
                            random.nextBoolean() ? "TikTok" : "YouTube",
                            "duration_minutes",
                            1 + random.nextInt(60),
                            "activity_date",
                            TODAY.minusDays(seed % 6).toString());
                    return call(activities, "POST", "/api/activities", activity, tokens[user])
                            .status();
                }));
            }
            for (Future<Integer> post : posts) {
                assertThat(post.get(120, TimeUnit.SECONDS)).isEqualTo(201);
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(scalar("SELECT count(*) FROM activities")).isEqualTo(200);

        for (long id : ids) {
            String path = "/api/challenges/" + id + "/leaderboard";
            JsonNode served = call(challenges, "GET", path, null, tokens[0]).json(); // the cached entry, if any
            redis.cli("DEL", "focus:v1:{challenge:" + id + "}:leaderboard");
            JsonNode fresh = call(challenges, "GET", path, null, tokens[0]).json();
            assertThat(served).as("challenge " + id).isEqualTo(fresh);
            for (JsonNode row : fresh.get("participants")) {
                long expected = scalar("SELECT coalesce(sum(duration_minutes), 0) FROM activities WHERE user_id = "
                        + row.get("user_id").asLong() + " AND activity_date BETWEEN '" + TODAY.minusDays(3) + "' AND '"
                        + TODAY + "'");
                assertThat(row.get("total_time_minutes").asLong())
                        .as("user " + row.get("user_id"))
                        .isEqualTo(expected);
            }
        }
    }
}
