package com.focusapi.benchmarks.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.benchmarks.lambda.ColdStartHarness.Case;
import com.focusapi.benchmarks.lambda.probe.BareRedisHandler;
import com.focusapi.local.SamTemplate;
import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.persistence.SchemaMigrations;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 11's cold start: every HTTP function started the way Lambda's Java runtime starts it, beside a bare
 * handler in the same run. One fresh JVM per measurement runs {@code aws-lambda-java-runtime-interface-client}
 * ({@code AWSLambda}, the function's handler as argument, its native runtime-API client) with the function
 * jar in a task root ({@code LAMBDA_TASK_ROOT/lib/function.jar}, what {@code sam build} uploads), the
 * template's environment (JAVA_TOOL_OPTIONS included) and a heap sized from MemorySize. The runtime talks to
 * {@link RuntimeApiStandIn}, which serves one API Gateway v2 event; the time is process start → response
 * posted, split at the runtime's first {@code next} (end of init: JVM, runtime client, handler construction).
 * <p>
 * The bare handler ({@link BareRedisHandler}: aws-lambda-java-core, one Lettuce connection, one GET) runs
 * in the same harness from the same kind of task root. Round 0 is a warm-up that is not counted (page cache,
 * the functions' Redis caches, the database's buffers); rounds are interleaved so that noise from the shared
 * machine spreads over every row.
 * <p>
 * Run from the repository root after {@code mvn -B -q -DskipTests package}:
 * {@code java -cp benchmarks/target/benchmarks.jar com.focusapi.benchmarks.lambda.LambdaRuntimeHarness [rounds]
 * [name=options ...]}: with no variant, the options as deployed; each {@code name=options} variant (e.g.
 * {@code c2=-XX:TieredStopAtLevel=4}, {@code cds=appcds}, {@code before=jar=function-before.jar} for another build
 * of the functions, see {@link Variant}) gets a table of its own, with
 * its own bare handler, all interleaved in one run. BENCHMARKS.md records the variants tried.
 */
public final class LambdaRuntimeHarness {
    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String BARE = "bare handler (1 Lettuce GET)";

    private static final List<Case> HTTP_CASES = Stream.concat(
                    ColdStartHarness.HTTP_CASES.stream(),
                    Stream.of(
                            new Case(
                                    "blocked-apps `GET /api/blocked-apps`",
                                    "BlockedAppsFunction",
                                    "blocked-apps-list.json",
                                    null),
                            new Case(
                                    "admin `GET /api/admin/stats/overview`",
                                    "AdminFunction",
                                    "admin-stats-overview.json",
                                    null),
                            new Case(
                                    "challenges `GET /api/challenges`",
                                    "ChallengesFunction",
                                    "challenges-leaderboard.json",
                                    "/api/challenges")))
            .toList();

    private LambdaRuntimeHarness() {}

    /** One function (or the bare handler) ready to start under the runtime client. */
    private record Start(
            String functionName, Path taskRoot, String handler, int memoryMb, Map<String, String> env, byte[] event) {}

    /** One measured start: to the first {@code next} (init), to the posted response (total), what it answered. */
    private record Measured(double initMs, double totalMs, String status) {}

    /**
     * A set of JVM options tried on every function and the bare handler alike ({@code name=options} on the
     * command line). {@code appcds} in the options stands for a dynamic class-data-sharing archive per task
     * root: the warm-up run writes it ({@code -XX:ArchiveClassesAtExit}), the measured runs map it
     * ({@code -XX:SharedArchiveFile}), as an archive shipped beside the function jar would be.
     */
    record Variant(String name, List<String> options, boolean appCds, String jar) {
        static final String APP_CDS = "appcds";
        /** {@code jar=function-noaot.jar}: each function's {@code target/<that file>} instead of function.jar. */
        static final String JAR = "jar=";

        static final String DEFAULT_JAR = "function.jar";

        static Variant parse(String spec) {
            int eq = spec.indexOf('=');
            String name = eq < 0 ? spec : spec.substring(0, eq);
            String text = eq < 0 ? "" : spec.substring(eq + 1).trim();
            List<String> words = text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
            String jar = words.stream()
                    .filter(w -> w.startsWith(JAR))
                    .map(w -> w.substring(JAR.length()))
                    .findFirst()
                    .orElse(DEFAULT_JAR);
            return new Variant(
                    name,
                    words.stream()
                            .filter(w -> !w.equals(APP_CDS) && !w.startsWith(JAR))
                            .toList(),
                    words.contains(APP_CDS),
                    jar);
        }

        List<String> optionsFor(Start start, boolean training) {
            List<String> all = new ArrayList<>(options);
            if (appCds) {
                Path archive = start.taskRoot().resolve("lib/" + name + ".jsa");
                all.add((training ? "-XX:ArchiveClassesAtExit=" : "-XX:SharedArchiveFile=") + archive);
            }
            return all;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Variant> variants = args.length > 1
                ? Arrays.stream(args, 1, args.length).map(Variant::parse).toList()
                : List.of(new Variant("deployed", List.of(), false, Variant.DEFAULT_JAR));
        long started = System.nanoTime();
        Path root = Path.of("").toAbsolutePath();
        List<Path> runtimeJars = runtimeClasspath(root);
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        Path work = Files.createTempDirectory("focus-lambda-runtime-");
        Path logs = Files.createDirectories(work.resolve("logs"));
        String machineBefore = ChildJvm.machineLine();

        try (PostgresServer postgres = PostgresServer.start();
                RedisServer redis = RedisServer.start()) {
            SchemaMigrations.apply(postgres.jdbcUrl(), postgres.user(), "");
            Path jwtSecret = work.resolve("jwt-secret");
            long userId = ColdStartHarness.seedUser(postgres);
            String token = ColdStartHarness.issueToken(jwtSecret, userId, "user");
            String adminToken = ColdStartHarness.issueToken(jwtSecret, seedAdmin(postgres), "admin");
            redis.cli("SET", BareRedisHandler.KEY, "{\"status\":\"UP\"}");

            Map<String, Start> plan = new LinkedHashMap<>();
            FunctionDefinition health = template.function("HealthFunction");
            // The bare handler's task root: its classes unpacked (as Lambda unpacks a zip) + the health jar's
            // Lettuce and aws-lambda-java-core in lib/.
            Path bareRoot = ChildJvm.probeDirectory(work.resolve("task-bare"));
            linkJar(bareRoot, health.jar());
            plan.put(
                    BARE,
                    new Start(
                            "focus-api-bare",
                            bareRoot,
                            BareRedisHandler.class.getName(),
                            health.memoryMb(),
                            ColdStartHarness.environment(health, postgres, redis, jwtSecret),
                            Files.readAllBytes(ColdStartHarness.writeEvent(
                                    root, work, new Case("bare", "HealthFunction", "health.json", null), token))));
            Map<Variant, Map<String, Start>> plans = new LinkedHashMap<>();
            for (Variant variant : variants) {
                Map<String, Start> variantPlan = new LinkedHashMap<>(plan);
                for (Case c : HTTP_CASES) {
                    variantPlan.put(
                            c.label(),
                            functionStart(
                                    variant, c, template, work, root, postgres, redis, jwtSecret, token, adminToken));
                }
                plans.put(variant, variantPlan);
            }

            // Interleaved: round r runs every variant's every row before round r + 1 starts.
            Map<Variant, Map<String, List<Measured>>> results = new LinkedHashMap<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (Variant variant : variants) {
                Map<String, List<Measured>> rows = new LinkedHashMap<>();
                plans.get(variant).keySet().forEach(label -> rows.put(label, new ArrayList<>()));
                results.put(variant, rows);
            }
            for (int round = 0; round <= rounds; round++) {
                for (Variant variant : variants) {
                    for (Map.Entry<String, Start> entry : plans.get(variant).entrySet()) {
                        String row = variant.name() + " " + entry.getKey();
                        Path log = logs.resolve(ColdStartHarness.slug(row) + "-" + round + ".log");
                        try {
                            Measured measured = run(
                                    entry.getValue(),
                                    runtimeJars,
                                    variant.optionsFor(entry.getValue(), round == 0),
                                    log);
                            if (round == 0 && !measured.status().startsWith("2")) {
                                throw new IllegalStateException("answered " + measured.status() + "; see " + log);
                            }
                            if (round > 0) {
                                results.get(variant).get(entry.getKey()).add(measured);
                            }
                        } catch (RuntimeException e) {
                            // One failed run must not lose the others' numbers: report it under the tables.
                            failures.merge(row, "round " + round + ": " + e.getMessage(), (a, b) -> a + "; " + b);
                        }
                    }
                }
                System.err.printf(
                        "round %d/%d done%s (%.0f s)%n",
                        round, rounds, round == 0 ? " (warm-up)" : "", (System.nanoTime() - started) / 1e9);
            }

            results.forEach((variant, rows) -> printTable(variant, rows, rounds));
            System.out.println();
            System.out.println("Machine: " + machineBefore + " (start), " + ChildJvm.loadAverage() + " (end)");
            System.out.printf("Child logs: %s. Total %.0f s.%n", logs, (System.nanoTime() - started) / 1e9);
            failures.forEach((label, message) -> System.out.println("FAILED " + label + ": " + message));
        }
        // Embedded PostgreSQL's shutdown hooks and the servers' client threads: exit explicitly.
        System.exit(0);
    }

    /** One function's start for a variant: its own task root when the variant runs another jar of the module. */
    private static Start functionStart(
            Variant variant,
            Case c,
            SamTemplate template,
            Path work,
            Path root,
            PostgresServer postgres,
            RedisServer redis,
            Path jwtSecret,
            String token,
            String adminToken)
            throws Exception {
        FunctionDefinition function = template.function(c.logicalId());
        Path jar = function.jar().resolveSibling(variant.jar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn -B -q -DskipTests package first");
        }
        String suffix = Variant.DEFAULT_JAR.equals(variant.jar()) ? "" : "-" + variant.name();
        Path taskRoot = work.resolve("task-" + c.logicalId() + suffix);
        if (!Files.isDirectory(taskRoot)) {
            Files.createDirectories(taskRoot);
            linkJar(taskRoot, jar);
        }
        String eventToken = "AdminFunction".equals(c.logicalId()) ? adminToken : token;
        return new Start(
                "focus-api-" + c.logicalId(),
                taskRoot,
                function.handler(),
                function.memoryMb(),
                ColdStartHarness.environment(function, postgres, redis, jwtSecret),
                Files.readAllBytes(ColdStartHarness.writeEvent(root, work, c, eventToken)));
    }

    /** One fresh JVM under the runtime client, stopped once its response is posted. */
    private static Measured run(Start start, List<Path> runtimeJars, List<String> extraOptions, Path log)
            throws Exception {
        try (RuntimeApiStandIn api = new RuntimeApiStandIn(start.event(), start.functionName())) {
            boolean writesArchive =
                    extraOptions.stream().anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit"));
            List<String> command = new ArrayList<>();
            command.add(ChildJvm.javaBinary());
            command.addAll(lambdaJvmOptions(start.memoryMb()));
            command.addAll(extraOptions);
            command.add("-cp");
            command.add(String.join(
                    File.pathSeparator, runtimeJars.stream().map(Path::toString).toList()));
            command.add(RUNTIME_MAIN);
            command.add(start.handler());
            Map<String, String> env = new LinkedHashMap<>(start.env());
            env.putAll(lambdaEnvironment(start, api.address()));

            long t0 = System.nanoTime();
            // The runtime client's class loader reads the task root from user.dir: Lambda starts in /var/task.
            Process process = ChildJvm.start(command, env, start.taskRoot(), log);
            try {
                RuntimeApiStandIn.Posted posted = api.await(90, TimeUnit.SECONDS);
                String status = "response".equals(posted.kind()) ? statusOf(posted.body()) : posted.kind();
                return new Measured((posted.nextNanos() - t0) / 1e6, (posted.postedNanos() - t0) / 1e6, status);
            } finally {
                if (writesArchive) {
                    // -XX:ArchiveClassesAtExit writes at a normal exit: SIGTERM, then time to dump.
                    process.destroy();
                    if (!process.waitFor(120, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } else {
                    // Lambda freezes or kills an environment, it never shuts it down gracefully either.
                    process.destroyForcibly();
                }
                // The next run must not share the CPU with this one.
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * What the managed Java runtime's bootstrap gives the JVM (the template's JAVA_TOOL_OPTIONS come on top
     * through the environment): a heap of 85 % of MemorySize and the serial collector, the single-core choice
     * at 1 GB (Lambda gives one vCPU per 1,769 MB).
     */
    static List<String> lambdaJvmOptions(int memoryMb) {
        return List.of(
                "-XX:MaxHeapSize=" + memoryMb * 85 / 100 + "m",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true");
    }

    /** The variables Lambda sets in every execution environment, with the runtime API pointed at the stand-in. */
    private static Map<String, String> lambdaEnvironment(Start start, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", start.taskRoot().toString());
        env.put("_HANDLER", start.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", start.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(start.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + start.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "coldstart");
        env.put("AWS_LAMBDA_LOG_FORMAT", "Text");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("TZ", ":UTC");
        return env;
    }

    /** The runtime client's jars, copied by the benchmarks build (the child's class path, as /var/runtime/lib). */
    private static List<Path> runtimeClasspath(Path root) throws IOException {
        Path dir = root.resolve("benchmarks/target/lambda-runtime");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: run mvn -B -q -DskipTests package first");
        }
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void linkJar(Path taskRoot, Path jar) throws IOException {
        Path lib = Files.createDirectories(taskRoot.resolve("lib"));
        Files.createSymbolicLink(lib.resolve("function.jar"), jar.toAbsolutePath());
    }

    private static String statusOf(String responseBody) {
        try {
            return new ObjectMapper().readTree(responseBody).path("statusCode").asText("?");
        } catch (IOException e) {
            return "unparsable";
        }
    }

    /** A verified admin, for the admin function's overview (a user's token would stop at the 403). */
    private static long seedAdmin(PostgresServer postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                PreparedStatement st = c.prepareStatement("INSERT INTO users (email, username, password_hash, "
                        + "full_name, is_verified, role) VALUES ('root@example.com', 'root', ?, 'Root', true, "
                        + "'admin') RETURNING id")) {
            st.setString(1, new PasswordHasher().hash("Secret123"));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void printTable(Variant variant, Map<String, List<Measured>> results, int rounds) {
        List<Measured> bareRuns = results.get(BARE);
        double bare = bareRuns.isEmpty()
                ? Double.NaN
                : ChildJvm.median(
                        bareRuns.stream().mapToDouble(Measured::totalMs).toArray());
        System.out.printf(
                "%n%s: cold start under the Lambda runtime client = process start → response posted, median of %d"
                        + " fresh JVMs%s%n%n",
                variant.name(),
                rounds,
                (variant.options().isEmpty() && !variant.appCds()
                                ? ""
                                : " (JVM options added: " + String.join(" ", variant.options())
                                        + (variant.appCds() ? " + dynamic AppCDS archive per function" : "") + ")")
                        + (Variant.DEFAULT_JAR.equals(variant.jar())
                                ? ""
                                : " (functions from target/" + variant.jar() + ")"));
        System.out.println(
                "| function | cold start median (ms) | min–max (ms) | × bare (target ≤ 2) | init / first invoke (ms, medians) | response |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | --- |");
        for (Map.Entry<String, List<Measured>> entry : results.entrySet()) {
            List<Measured> runs = entry.getValue();
            if (runs.isEmpty()) {
                System.out.printf("| %s | failed | | | | |%n", entry.getKey());
                continue;
            }
            double[] totals = runs.stream().mapToDouble(Measured::totalMs).toArray();
            double median = ChildJvm.median(totals);
            double init =
                    ChildJvm.median(runs.stream().mapToDouble(Measured::initMs).toArray());
            double invoke = ChildJvm.median(
                    runs.stream().mapToDouble(m -> m.totalMs() - m.initMs()).toArray());
            String statuses = String.join(
                    ", ", runs.stream().map(Measured::status).distinct().toList());
            System.out.printf(
                    "| %s | %s | %s–%s | %.2f | %s / %s | %s%s |%n",
                    entry.getKey(),
                    ChildJvm.ms(median),
                    ChildJvm.ms(ChildJvm.min(totals)),
                    ChildJvm.ms(ChildJvm.max(totals)),
                    median / bare,
                    ChildJvm.ms(init),
                    ChildJvm.ms(invoke),
                    statuses,
                    runs.size() < rounds ? " (" + runs.size() + "/" + rounds + " runs)" : "");
        }
    }
}
