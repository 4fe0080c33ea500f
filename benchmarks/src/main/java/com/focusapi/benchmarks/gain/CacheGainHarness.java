package com.focusapi.benchmarks.gain;

import com.focusapi.shared.accounts.JwtService;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The guide's "cache gain" table, measured: the users function's real Lambda handler on a real PostgreSQL
 * 17 and Redis 7, the same requests with the cache disabled and enabled (then served from Redis).
 * A harness rather than JMH: each figure is the latency a client's request sees through the handler,
 * median and p90 over many requests after a warm-up.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar com.focusapi.benchmarks.gain.CacheGainHarness [activities] [requests]}
 */
public final class CacheGainHarness {
    private CacheGainHarness() {}

    public static void main(String[] args) throws Exception {
        int activities = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        try (PostgresServer postgres = PostgresServer.start();
                RedisServer redis = RedisServer.start()) {
            Map<String, long[]> results = new java.util.LinkedHashMap<>();
            for (boolean cache : new boolean[] {false, true}) {
                Map<String, Object> properties = new HashMap<>();
                properties.put("micronaut.server.port", -1);
                properties.put("function.name", "users");
                properties.put("database.url", postgres.jdbcUrl());
                properties.put("database.user", postgres.user());
                properties.put("database.migrate", true);
                properties.put("cache.enabled", cache);
                properties.put("redis.url", redis.url());
                properties.put(
                        "jwt.secret-file",
                        Files.createTempDirectory("gain").resolve("jwt").toString());
                ApplicationContext context = new LambdaApplicationContextBuilder()
                        .properties(properties)
                        .build();
                APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context);
                try {
                    long userId = seed(postgres, activities);
                    String token = context.getBean(JwtService.class)
                            .issue(userId, "user")
                            .token();
                    Map<String, String> auth = Map.of("authorization", "Bearer " + token);
                    LambdaHttp http = new LambdaHttp(handler);
                    for (String route : new String[] {"/api/users/me", "/api/users/me/stats"}) {
                        for (int i = 0; i < 50; i++) {
                            check(http.send("GET", route, null, auth).getStatusCode(), route);
                        }
                        long[] nanos = new long[requests];
                        for (int i = 0; i < requests; i++) {
                            long start = System.nanoTime();
                            check(http.send("GET", route, null, auth).getStatusCode(), route);
                            nanos[i] = System.nanoTime() - start;
                        }
                        results.put(route + (cache ? " cache" : " no-cache"), nanos);
                    }
                } finally {
                    handler.close();
                    context.close();
                }
            }
            System.out.printf(
                    "%d activities for the user, %d requests per figure (after 50 warm-up)%n", activities, requests);
            System.out.printf(
                    "%-22s %14s %14s %14s %14s %8s%n",
                    "route", "no cache p50", "no cache p90", "cache p50", "cache p90", "gain");
            for (String route : new String[] {"/api/users/me", "/api/users/me/stats"}) {
                long[] off = results.get(route + " no-cache");
                long[] on = results.get(route + " cache");
                double offP50 = percentile(off, 50);
                double onP50 = percentile(on, 50);
                System.out.printf(
                        "%-22s %11.2f ms %11.2f ms %11.2f ms %11.2f ms %7.0f%%%n",
                        route, offP50, percentile(off, 90), onP50, percentile(on, 90), 100 * (1 - onP50 / offP50));
            }
        }
    }

    private static void check(int status, String route) {
        if (status != 200) {
            throw new IllegalStateException(route + " answered " + status);
        }
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    /** A verified user with {@code count} activities spread over the last 60 days (today included). */
    private static long seed(PostgresServer postgres, int count) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
            long userId;
            String name = "bench_" + System.nanoTime();
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO users (email, username, password_hash, full_name, "
                            + "is_verified, role) VALUES (?, ?, 'not-a-login-account', 'Bench', true, 'user') RETURNING id")) {
                st.setString(1, name + "@example.com");
                st.setString(2, name.substring(0, Math.min(name.length(), 40)));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    userId = rs.getLong(1);
                }
            }
            try (PreparedStatement st =
                    c.prepareStatement("INSERT INTO activities (user_id, app_name, duration_minutes, "
                            + "activity_date) VALUES (?, ?, ?, ?)")) {
                String[] apps = {"YouTube", "Instagram", "TikTok", "Slack", "Chrome", "Spotify", "Reddit", "Mail"};
                for (int i = 0; i < count; i++) {
                    st.setLong(1, userId);
                    st.setString(2, apps[i % apps.length]);
                    st.setInt(3, 1 + (i * 7) % 90);
                    st.setObject(4, LocalDate.now(java.time.ZoneOffset.UTC).minusDays(i % 60));
                    st.addBatch();
                }
                st.executeBatch();
            }
            return userId;
        }
    }
}
