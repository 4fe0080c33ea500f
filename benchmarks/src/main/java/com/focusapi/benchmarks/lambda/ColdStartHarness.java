package com.focusapi.benchmarks.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.focusapi.benchmarks.lambda.probe.BareRedisHandler;
import com.focusapi.benchmarks.lambda.probe.ColdStartProbe;
import com.focusapi.local.SamTemplate;
import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.shared.accounts.AuthSettings;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.accounts.internal.JwtSecretSource;
import com.focusapi.shared.persistence.SchemaMigrations;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 8's table: each function's jar (MB, classes) and its cold start, beside a bare handler measured in
 * the same run. A cold start here is a fresh JVM with the template's environment (JAVA_TOOL_OPTIONS included)
 * and the function's own {@code function.jar}, timed by {@link ColdStartProbe} from before the handler class
 * is loaded to the end of its first {@code handleRequest}: what Lambda bills as init + first invoke, minus the
 * JVM's own start and the runtime client, which are the same for every function.
 * <p>
 * The functions talk to a real PostgreSQL 17 (schema applied, one verified user with activities) and a real
 * redis-server. The users and activities statistics are served from Redis: the harness calls each route twice
 * before measuring, so every measured run (every round) sees the same warm cache, not the first one alone.
 * Runs are interleaved (round 1: bare, health, auth, ...; round 2: ...) so that noise from the shared machine
 * spreads over every function instead of landing on one.
 * <p>
 * Run from the repository root after {@code mvn -B -q -DskipTests package}:
 * {@code java -cp benchmarks/target/benchmarks.jar com.focusapi.benchmarks.lambda.ColdStartHarness [runs]}
 */
public final class ColdStartHarness {
    static final String HTTP_HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
    private static final String HTTP_EVENT = "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent";
    static final String TOKEN_PLACEHOLDER = "REPLACE_WITH_ACCESS_TOKEN";
    private static final String PASSWORD = "Secret123"; // the password in events/auth-login.json: a real login

    /**
     * One measured cold start: the template's function, the sample event it gets (with the path rewritten
     * when the sample is for another route of the function) and how the row is labelled.
     */
    record Case(String label, String logicalId, String eventFile, String path) {}

    /** The HTTP functions' rows (LambdaRuntimeHarness starts these too, beside its own). */
    static final List<Case> HTTP_CASES = List.of(
            new Case("health `GET /api/health`", "HealthFunction", "health.json", null),
            new Case("auth `POST /api/auth/login`", "AuthFunction", "auth-login.json", null),
            new Case("users `GET /api/users/me/stats`", "UsersFunction", "users-me.json", "/api/users/me/stats"),
            new Case(
                    "activities `GET /api/activities/stats/daily`",
                    "ActivitiesFunction",
                    "activities-stats-daily.json",
                    null));

    private static final List<Case> CASES = Stream.concat(
                    HTTP_CASES.stream(),
                    Stream.of(
                            // No janitor sample in events/: it gets the same EventBridge schedule event, whose content
                            // it ignores.
                            new Case(
                                    "metrics-janitor (schedule)",
                                    "MetricsJanitorFunction",
                                    "business-gauges.json",
                                    null),
                            new Case(
                                    "business-gauges (schedule)",
                                    "BusinessGaugesFunction",
                                    "business-gauges.json",
                                    null),
                            new Case(
                                    "migrate (manual invoke, schema up to date)",
                                    "MigrateFunction",
                                    "migrate.json",
                                    null)))
            .toList();

    private ColdStartHarness() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long started = System.nanoTime();
        Path root = Path.of("").toAbsolutePath();
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        Path work = Files.createTempDirectory("focus-coldstart-");
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path probe = ChildJvm.probeDirectory(work);
        String machineBefore = ChildJvm.machineLine();

        try (PostgresServer postgres = PostgresServer.start();
                RedisServer redis = RedisServer.start()) {
            SchemaMigrations.apply(postgres.jdbcUrl(), postgres.user(), "");
            Path jwtSecret = work.resolve("jwt-secret");
            long userId = seedUser(postgres);
            String token = issueToken(jwtSecret, userId, "user");
            redis.cli("SET", BareRedisHandler.KEY, "{\"status\":\"UP\"}");

            Map<String, Run> plan = new LinkedHashMap<>();
            FunctionDefinition health = template.function("HealthFunction");
            // The bare handler runs on the health function's jar (Lettuce + aws-lambda-java-core) and its env.
            plan.put(
                    "bare handler (1 Lettuce GET)",
                    new Run(
                            health.jar(),
                            environment(health, postgres, redis, jwtSecret),
                            BareRedisHandler.class.getName(),
                            "java.util.Map",
                            writeEvent(root, work, new Case("bare", "HealthFunction", "health.json", null), token)));
            for (Case c : CASES) {
                FunctionDefinition function = template.function(c.logicalId());
                if (!Files.isRegularFile(function.jar())) {
                    throw new IllegalStateException(
                            function.jar() + " is missing: run mvn -B -q -DskipTests package first");
                }
                plan.put(
                        c.label(),
                        new Run(
                                function.jar(),
                                environment(function, postgres, redis, jwtSecret),
                                function.handler(),
                                HTTP_HANDLER.equals(function.handler()) ? HTTP_EVENT : "java.util.Map",
                                writeEvent(root, work, c, token)));
            }

            // Cache warm-up: two calls each, so the measured calls are cache hits in every round alike.
            for (String label : List.of(CASES.get(2).label(), CASES.get(3).label())) {
                ChildJvm.Outcome warm =
                        plan.get(label).measure(probe, logs.resolve("warm-up-" + slug(label) + ".log"), 2);
                if (!"200".equals(warm.status())) {
                    throw new IllegalStateException(
                            label + " answered " + warm.status() + " at warm-up; see " + warm.log());
                }
            }
            String cachedKeys = String.join(
                    ", ", redis.cli("KEYS", "*").trim().lines().sorted().toList());

            Map<String, List<ChildJvm.Outcome>> results = new LinkedHashMap<>();
            Map<String, String> failures = new LinkedHashMap<>();
            plan.keySet().forEach(label -> results.put(label, new ArrayList<>()));
            for (int round = 1; round <= runs; round++) {
                for (Map.Entry<String, Run> entry : plan.entrySet()) {
                    Path log = logs.resolve(slug(entry.getKey()) + "-" + round + ".log");
                    try {
                        results.get(entry.getKey()).add(entry.getValue().measure(probe, log, 1));
                    } catch (RuntimeException e) {
                        // One failed run must not lose the others' numbers: report it under the table.
                        failures.merge(
                                entry.getKey(), "round " + round + ": " + e.getMessage(), (a, b) -> a + "; " + b);
                    }
                }
                System.err.printf("round %d/%d done (%.0f s)%n", round, runs, (System.nanoTime() - started) / 1e9);
            }

            printTable(plan, results, runs);
            System.out.println();
            System.out.println("Machine: " + machineBefore + " (start), " + ChildJvm.loadAverage() + " (end)");
            System.out.printf(
                    "Redis keys after the users/activities warm-up: %s.%nChild logs: %s. Total %.0f s.%n",
                    cachedKeys, logs, (System.nanoTime() - started) / 1e9);
            failures.forEach((label, message) -> System.out.println("FAILED " + label + ": " + message));
        }
        // Lettuce/JDBC threads of the servers' clients are gone; exit explicitly anyway (embedded Postgres hooks).
        System.exit(0);
    }

    /** One function (or the bare handler) ready to start: its jar, environment, handler and event. */
    private record Run(Path jar, Map<String, String> environment, String handler, String eventType, Path event) {
        ChildJvm.Outcome measure(Path probe, Path log, int invocations) throws Exception {
            return ChildJvm.run(
                    List.of(jar, probe),
                    environment,
                    ColdStartProbe.class.getName(),
                    List.of(handler, event.toString(), eventType, String.valueOf(invocations)),
                    log);
        }
    }

    private static void printTable(Map<String, Run> plan, Map<String, List<ChildJvm.Outcome>> results, int runs) {
        List<ChildJvm.Outcome> bareRuns = results.values().iterator().next();
        double bare = bareRuns.isEmpty() ? Double.NaN : ChildJvm.median(ChildJvm.totals(bareRuns));
        System.out.printf(
                "Cold start = handler class load + construction + first handleRequest, median of %d fresh JVMs%n%n",
                runs);
        System.out.println(
                "| function | jar MB | classes | cold start median (ms) | min–max (ms) | × bare | construct / first call (ms, medians) | response |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        boolean first = true;
        for (Map.Entry<String, Run> entry : plan.entrySet()) {
            List<ChildJvm.Outcome> outcomes = results.get(entry.getKey());
            String jarCells;
            if (first) {
                jarCells = "(health jar) | —";
            } else {
                ChildJvm.JarStats stats =
                        ChildJvm.JarStats.of(List.of(entry.getValue().jar()));
                jarCells = String.format("%.1f | %,d", stats.megabytes(), stats.classes());
            }
            if (outcomes.isEmpty()) {
                System.out.printf("| %s | %s | failed | | | | |%n", entry.getKey(), jarCells);
            } else {
                double[] totals = ChildJvm.totals(outcomes);
                double median = ChildJvm.median(totals);
                double init = ChildJvm.median(
                        outcomes.stream().mapToDouble(ChildJvm.Outcome::initMs).toArray());
                double call = ChildJvm.median(
                        outcomes.stream().mapToDouble(ChildJvm.Outcome::firstMs).toArray());
                String statuses = String.join(
                        ", ",
                        outcomes.stream()
                                .map(ChildJvm.Outcome::status)
                                .distinct()
                                .toList());
                System.out.printf(
                        "| %s | %s | %s | %s–%s | %s | %s / %s | %s%s |%n",
                        entry.getKey(),
                        jarCells,
                        ChildJvm.ms(median),
                        ChildJvm.ms(ChildJvm.min(totals)),
                        ChildJvm.ms(ChildJvm.max(totals)),
                        first ? "1.0" : String.format("%.1f", median / bare),
                        ChildJvm.ms(init),
                        ChildJvm.ms(call),
                        statuses,
                        outcomes.size() < runs ? " (" + outcomes.size() + "/" + runs + " runs)" : "");
            }
            first = false;
        }
    }

    /**
     * The template's environment for the function (Globals + its own; intrinsics are skipped by SamTemplate)
     * with what the deployed stack would resolve them to, pointed at the local servers. In AWS the JWT secret
     * comes from Secrets Manager (JWT_SECRET_ARN); here from a file, so the AWS SDK call is not in these
     * numbers (SdkHttpClientHarness measures it).
     */
    static Map<String, String> environment(
            FunctionDefinition function, PostgresServer postgres, RedisServer redis, Path jwtSecret) {
        Map<String, String> env = ChildJvm.baseEnvironment();
        env.putAll(function.environment());
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("DATABASE_USER", postgres.user());
        env.put("REDIS_URL", redis.url());
        env.putIfAbsent("CACHE_ENABLED", "true"); // !If HasRedis; business-gauges sets 'false' itself
        env.put("PUSHGATEWAY_URL", "");
        env.put("CLOUDWATCH_ENABLED", "false");
        env.put("CLOUDWATCH_NAMESPACE", "FocusApi");
        env.put("STAGE", "dev");
        env.put("JWT_SECRET_FILE", jwtSecret.toString());
        env.put("EMAIL_SENDER", "ses"); // the template default; the SES client is built lazily, login sends nothing
        env.put("EMAIL_FROM", "no-reply@focus-api.dev");
        env.put("EMAIL_PUBLIC_URL", "https://app.focus-api.dev");
        env.put("JANITOR_MAX_AGE_SECONDS", "900");
        // What the Lambda service itself sets in every execution environment.
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "focus-api-" + function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
        if (!env.containsKey("JAVA_TOOL_OPTIONS")) {
            throw new IllegalStateException(
                    "template.yaml no longer sets JAVA_TOOL_OPTIONS for " + function.logicalId());
        }
        return env;
    }

    /** The sample event with the token filled in and, for another route of the function, the path rewritten. */
    static Path writeEvent(Path root, Path work, Case c, String token) throws Exception {
        String text =
                Files.readString(root.resolve("events").resolve(c.eventFile())).replace(TOKEN_PLACEHOLDER, token);
        if (c.path() != null) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode event = (ObjectNode) json.readTree(text);
            String method =
                    event.path("requestContext").path("http").path("method").asText("GET");
            event.put("rawPath", c.path());
            event.put("routeKey", method + " " + c.path());
            ((ObjectNode) event.path("requestContext")).put("routeKey", method + " " + c.path());
            ((ObjectNode) event.path("requestContext").path("http")).put("path", c.path());
            text = json.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        }
        Path file = work.resolve("event-" + slug(c.label()) + ".json");
        Files.writeString(file, text);
        return file;
    }

    /**
     * The login sample's user (alice@example.com / Secret123), verified, with 120 activities over the last 60
     * days and on the sample's stats date, so that the statistics queries have rows to aggregate.
     */
    static long seedUser(PostgresServer postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
            long userId;
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO users (email, username, password_hash, full_name, "
                            + "is_verified, role) VALUES ('alice@example.com', 'alice', ?, 'Alice Example', true, 'user') RETURNING id")) {
                st.setString(1, new PasswordHasher().hash(PASSWORD));
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    userId = rs.getLong(1);
                }
            }
            try (PreparedStatement st =
                    c.prepareStatement("INSERT INTO activities (user_id, app_name, duration_minutes, "
                            + "activity_date) VALUES (?, ?, ?, ?)")) {
                String[] apps = {"YouTube", "Instagram", "TikTok", "Slack"};
                for (int i = 0; i < 120; i++) {
                    st.setLong(1, userId);
                    st.setString(2, apps[i % apps.length]);
                    st.setInt(3, 5 + i % 50);
                    st.setObject(
                            4,
                            i % 10 == 0
                                    ? LocalDate.parse("2026-11-26")
                                    : LocalDate.now().minusDays(i % 60));
                    st.addBatch();
                }
                st.executeBatch();
            }
            return userId;
        }
    }

    /** A token signed with the secret file the functions read (the file is created here, first). */
    static String issueToken(Path secretFile, long userId, String role) {
        AuthSettings settings = new AuthSettings();
        settings.setSecretFile(secretFile.toString());
        return new JwtService(new JwtSecretSource(settings), settings)
                .issue(userId, role)
                .token();
    }

    static String slug(String label) {
        return label.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase();
    }
}
