package com.focusapi.local;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The local API's command line.
 * <pre>
 *   run    [--port 8000] [--data-dir .focus-local] [--reset] [--template template.yaml] [--no-warmup]
 *   invoke &lt;FunctionLogicalId&gt; --event events/health.json [--data-dir ...] [--template ...]
 *   reset  [--data-dir .focus-local]
 *   make-admin &lt;email&gt; [--data-dir .focus-local]
 *   demo   [--users 10000] [--activities 1000000] [--challenges 1000] [--data-dir .focus-local]
 * </pre>
 */
public final class LocalApi {
    private LocalApi() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage();
            return;
        }
        Options options = Options.parse(args);
        switch (options.command) {
            case "run" -> run(options);
            case "invoke" -> System.exit(invoke(options));
            case "reset" -> reset(options.dataDirectory);
            case "make-admin" -> System.exit(makeAdmin(options));
            case "demo" -> demo(options);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void run(Options options) throws Exception {
        if (options.reset) {
            reset(options.dataDirectory);
        }
        Files.createDirectories(options.dataDirectory);
        SamTemplate template = SamTemplate.load(options.template);
        Map<String, String> env = System.getenv();
        String metricsEndpoint = env.getOrDefault("METRICS_ENDPOINT", "/metrics");
        LocalRuntime runtime = LocalRuntime.prepare(template, options.dataDirectory, env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the local API...");
            runtime.close();
            stopped.countDown();
        }, "local-api-shutdown"));
        runtime.serve(options.port, metricsEndpoint, options.warmUp);
        printBanner(runtime, options, metricsEndpoint);
        stopped.await();
    }

    private static int invoke(Options options) throws Exception {
        if (options.functionId == null || options.event == null) {
            System.err.println("usage: invoke <FunctionLogicalId> --event events/<file>.json");
            return 2;
        }
        Files.createDirectories(options.dataDirectory);
        SamTemplate template = SamTemplate.load(options.template);
        template.function(options.functionId);
        String event = Files.readString(options.event);
        try (LocalRuntime runtime = LocalRuntime.prepare(template, options.dataDirectory, System.getenv())) {
            String response = runtime.host(options.functionId).invoke(event);
            ObjectMapper json = new ObjectMapper();
            System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(response)));
            return 0;
        }
    }

    /**
     * Gives the role {@code admin} to the account of an email (case-insensitive), in the local database (the
     * embedded one of the data folder, or DATABASE_URL's). Never an HTTP route: whoever can run this can
     * already write to the database. The embedded PostgreSQL of a data folder runs once at a time: stop
     * {@code run} first, or point DATABASE_URL at the JDBC URL its banner prints.
     */
    static int makeAdmin(Options options) throws IOException, SQLException {
        String email = options.functionId; // the command's one positional argument
        if (email == null || email.isBlank()) {
            System.err.println("usage: make-admin <email> [--data-dir .focus-local]");
            return 2;
        }
        Files.createDirectories(options.dataDirectory);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CACHE_ENABLED", "false"); // the database only: no Redis to start
        try (EmbeddedServices services = EmbeddedServices.start(options.dataDirectory, env)) {
            EmbeddedServices.Endpoints db = services.endpoints();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
                 PreparedStatement st = c.prepareStatement("UPDATE users SET role = 'admin', updated_at = now() "
                         + "WHERE lower(email) = lower(?) RETURNING id, username")) {
                st.setString(1, email.trim());
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        System.err.println("No account with the email " + email.trim() + " (register it first).");
                        return 1;
                    }
                    System.out.println("User #" + rs.getLong(1) + " (" + rs.getString(2) + ") is now an admin.");
                    return 0;
                }
            }
        }
    }

    /**
     * Fills the database (the embedded one of the data folder, migrated first, or DATABASE_URL's) with the demo
     * data set. The embedded PostgreSQL cannot be shared: run it while the local API is stopped, or point
     * DATABASE_URL at the running one (its banner prints the URL).
     */
    private static void demo(Options options) throws Exception {
        Files.createDirectories(options.dataDirectory);
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("CACHE_ENABLED", "false"); // no Redis needed to load data
        try (EmbeddedServices services = EmbeddedServices.start(options.dataDirectory, env)) {
            EmbeddedServices.Endpoints endpoints = services.endpoints();
            System.out.println("Loading the demo data set into " + endpoints.jdbcUrl());
            DemoData.load(endpoints.jdbcUrl(), endpoints.databaseUser(), endpoints.databasePassword(),
                    new DemoData.Options(options.demoUsers, options.demoActivities, options.demoChallenges));
            if (!endpoints.databaseEmbedded()) {
                System.out.println("If a local API is running with Redis, entries cached before this load expire within their TTL.");
            }
        }
    }

    static void reset(Path dataDirectory) throws IOException {
        if (!Files.exists(dataDirectory)) {
            System.out.println("Nothing to reset: " + dataDirectory.toAbsolutePath() + " does not exist");
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        System.out.println("Wiped " + dataDirectory.toAbsolutePath());
    }

    private static void printBanner(LocalRuntime runtime, Options options, String metricsEndpoint) {
        EmbeddedServices.Endpoints endpoints = runtime.endpoints();
        String base = "http://localhost:" + runtime.port();
        System.out.println();
        System.out.println("Focus API local: " + base);
        System.out.println("  data folder : " + options.dataDirectory.toAbsolutePath() + "  (--reset or `make reset` wipes it)");
        System.out.println("  PostgreSQL  : " + (endpoints.databaseEmbedded() ? "embedded, " : "external (DATABASE_URL), ") + endpoints.jdbcUrl());
        System.out.println("  Redis       : " + (!endpoints.cacheEnabled() ? "disabled (CACHE_ENABLED=false)"
                : endpoints.redisEmbedded() ? "embedded, " + endpoints.redisUrl() : "external (REDIS_URL/REDIS_HOST)"));
        System.out.println("  metrics     : " + base + metricsEndpoint);
        System.out.println("  functions   :");
        runtime.template().functions().forEach(f -> System.out.println("    " + f.logicalId() + "  " + (f.routes().isEmpty()
                ? "(not routed: run it with `invoke " + f.logicalId() + " --event <file>`)"
                : f.routes().stream().map(SamTemplate.Route::routeKey).toList())));
        System.out.println("  try         : curl " + base + "/api/health");
        System.out.println("Ctrl-C stops everything.");
    }

    private static void usage() {
        System.out.println("""
                Focus API local API
                  run    [--port 8000] [--data-dir .focus-local] [--reset] [--template template.yaml] [--no-warmup]
                  invoke <FunctionLogicalId> --event events/<file>.json [--data-dir .focus-local]
                  reset  [--data-dir .focus-local]
                  make-admin <email> [--data-dir .focus-local]   (with the local API stopped, or DATABASE_URL set)
                  demo   [--users 10000] [--activities 1000000] [--challenges 1000] [--data-dir .focus-local]
                         (PostgreSQL COPY; prints a demo user's and an admin's login)
                Environment: DATABASE_URL / REDIS_URL use external servers instead of the embedded ones;
                CACHE_ENABLED=false runs without Redis; METRICS_ENDPOINT (default /metrics).""");
    }

    /** Parsed command line. */
    static final class Options {
        String command;
        String functionId;
        Path event;
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
        Path dataDirectory = Paths.get(".focus-local");
        Path template = Paths.get("template.yaml");
        boolean reset;
        boolean warmUp = true;
        int demoUsers = 10_000;
        int demoActivities = 1_000_000;
        int demoChallenges = 1_000;

        static Options parse(String[] args) {
            Options options = new Options();
            options.command = args[0];
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> options.port = Integer.parseInt(args[++i]);
                    case "--data-dir" -> options.dataDirectory = Paths.get(args[++i]);
                    case "--template" -> options.template = Paths.get(args[++i]);
                    case "--event" -> options.event = Paths.get(args[++i]);
                    case "--reset" -> options.reset = true;
                    case "--no-warmup" -> options.warmUp = false;
                    case "--users" -> options.demoUsers = Integer.parseInt(args[++i]);
                    case "--activities" -> options.demoActivities = Integer.parseInt(args[++i]);
                    case "--challenges" -> options.demoChallenges = Integer.parseInt(args[++i]);
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("Unknown option " + args[i]);
                        }
                        options.functionId = args[i];
                    }
                }
            }
            return options;
        }
    }
}
