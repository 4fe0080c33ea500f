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
 *   invoke &lt;FunctionLogicalId&gt; --event events/health.json [--auth &lt;access token&gt;] [--set field=value]... [--data-dir ...]
 *   reset  [--data-dir .focus-local]
 *   make-admin &lt;email&gt; [--data-dir .focus-local]
 *   demo   [--users 10000] [--activities 1000000] [--challenges 1000] [--data-dir .focus-local]
 * </pre>
 * Bad input (an option, a port, a function name) prints one line and the usage, exit code 2; a data folder
 * in use by another process (see {@link DataLock}) prints one line, exit code 1. No stack trace either way.
 */
public final class LocalApi {
    private LocalApi() {}

    public static void main(String[] args) throws Exception {
        System.exit(execute(args, System.getenv()));
    }

    /** Runs one command; the exit code (a {@code run} returns only once stopped). */
    static int execute(String[] args, Map<String, String> env) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            usage(System.out);
            return 0;
        }
        try {
            Options options = Options.parse(args, env);
            return switch (options.command) {
                case "run" -> run(options, env);
                case "invoke" -> invoke(options, env);
                case "reset" -> {
                    try (DataLock ignored = DataLock.acquire(options.dataDirectory)) {
                        reset(options.dataDirectory);
                    }
                    yield 0;
                }
                case "make-admin" -> {
                    try (DataLock ignored = DataLock.acquire(options.dataDirectory)) {
                        yield makeAdmin(options);
                    }
                }
                case "demo" -> {
                    try (DataLock ignored = DataLock.acquire(options.dataDirectory)) {
                        demo(options);
                    }
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + options.command + "'");
            };
        } catch (UsageException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            return 2;
        } catch (DataLock.InUseException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Bad command-line input: one line and the usage, exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private static int run(Options options, Map<String, String> env) throws Exception {
        SamTemplate template = template(options);
        // Checked before PostgreSQL and Redis start: a port in use is an answer in a second, not after a minute.
        int port = freePort(options.port);
        DataLock lock = DataLock.acquire(options.dataDirectory);
        if (options.reset) {
            reset(options.dataDirectory);
        }
        String metricsEndpoint = env.getOrDefault("METRICS_ENDPOINT", "/metrics");
        // Read by the functions' logback.xml: at Ctrl-C or SIGTERM, embedded Redis stops while the functions
        // close, and Netty's "event loop shut down" stack trace about Lettuce's last reconnect is noise.
        System.setProperty("NETTY_REJECTED_EXECUTION_LOG_LEVEL", "OFF");
        System.setProperty("LETTUCE_RECONNECT_LOG_LEVEL", "ERROR");
        System.setProperty("NETTY_CHANNEL_LOG_LEVEL", "ERROR");
        // No EMAIL_PUBLIC_URL default: the auth function links to the origin each request came in on, as it
        // does in AWS, and serves the pages those links open.
        LocalRuntime runtime = LocalRuntime.prepare(template, options.dataDirectory, env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping the local API...");
                            runtime.close();
                            lock.close();
                            stopped.countDown();
                        },
                        "local-api-shutdown"));
        runtime.serve(port, metricsEndpoint, options.warmUp);
        printBanner(runtime, options, metricsEndpoint, env);
        stopped.await();
        return 0;
    }

    private static int invoke(Options options, Map<String, String> env) throws Exception {
        if (options.functionId == null || options.event == null) {
            throw new UsageException(
                    "invoke needs a function and an event: invoke <FunctionLogicalId> --event events/<file>.json");
        }
        SamTemplate template = template(options);
        try {
            template.function(options.functionId);
        } catch (IllegalArgumentException unknown) {
            throw new UsageException(unknown.getMessage());
        }
        if (!Files.isReadable(options.event)) {
            throw new UsageException("no event file " + options.event);
        }
        String event = withBodyFields(withAuthorization(Files.readString(options.event), options.auth), options.fields);
        try (DataLock ignored = DataLock.acquire(options.dataDirectory);
                // An event file names an AWS domain: its links point at the local API instead, where they open.
                LocalRuntime runtime = LocalRuntime.prepare(
                        template, options.dataDirectory, env, "http://localhost:" + env.getOrDefault("PORT", "8000"))) {
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
    static int makeAdmin(Options options) throws IOException, SQLException, UsageException {
        String email = options.functionId; // the command's one positional argument
        if (email == null || email.isBlank()) {
            throw new UsageException("make-admin needs the email of an account");
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
            DemoData.load(
                    endpoints.jdbcUrl(),
                    endpoints.databaseUser(),
                    endpoints.databasePassword(),
                    new DemoData.Options(options.demoUsers, options.demoActivities, options.demoChallenges));
            if (!endpoints.databaseEmbedded()) {
                System.out.println(
                        "If a local API is running with Redis, entries cached before this load expire within their TTL.");
            }
        }
    }

    private static SamTemplate template(Options options) throws UsageException, IOException {
        if (!Files.isReadable(options.template)) {
            throw new UsageException("no template " + options.template.toAbsolutePath()
                    + " (run from the repository root, or pass --template)");
        }
        return SamTemplate.load(options.template);
    }

    /** {@code port} if it is free (a free one for 0); a usage error naming it when something else listens there. */
    static int freePort(int port) throws UsageException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
            return socket.getLocalPort();
        } catch (IOException inUse) {
            throw new UsageException(
                    "port " + port + " is already in use: choose another with --port <n> (or PORT=<n>)");
        }
    }

    /** The event with {@code Authorization: Bearer <token>} among its headers ({@code --auth}); as is without a token. */
    static String withAuthorization(String event, String token) throws IOException {
        if (token == null) {
            return event;
        }
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode node =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(event);
        com.fasterxml.jackson.databind.node.ObjectNode headers =
                node.has("headers") && node.get("headers").isObject()
                        ? (com.fasterxml.jackson.databind.node.ObjectNode) node.get("headers")
                        : node.putObject("headers");
        headers.put("authorization", token.regionMatches(true, 0, "Bearer ", 0, 7) ? token : "Bearer " + token.trim());
        return json.writeValueAsString(node);
    }

    /**
     * The event with top-level fields of its JSON body replaced ({@code --set token=abc}): the value is a
     * string, unless it is a number, true/false, null or a quoted string ({@code --set 'app_name="123"'})
     * as JSON reads it.
     */
    static String withBodyFields(String event, Map<String, String> fields) throws IOException, UsageException {
        if (fields.isEmpty()) {
            return event;
        }
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode node =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(event);
        String text = node.path("body").asText("");
        com.fasterxml.jackson.databind.JsonNode body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
        if (!body.isObject()) {
            throw new UsageException("--set needs an event whose body is a JSON object");
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            com.fasterxml.jackson.databind.JsonNode value;
            try {
                value = json.readTree(field.getValue());
                if (value == null || !value.isValueNode()) {
                    value = json.getNodeFactory().textNode(field.getValue());
                }
            } catch (IOException notJson) {
                value = json.getNodeFactory().textNode(field.getValue());
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).set(field.getKey(), value);
        }
        node.put("body", json.writeValueAsString(body));
        node.put("isBase64Encoded", false);
        return json.writeValueAsString(node);
    }

    /** Wipes the folder; the caller holds its {@link DataLock}, whose file is kept until released. */
    static void reset(Path dataDirectory) throws IOException {
        if (!Files.exists(dataDirectory)) {
            System.out.println("Nothing to reset: " + dataDirectory.toAbsolutePath() + " does not exist");
            return;
        }
        Path lockFile = dataDirectory.resolve(DataLock.FILE_NAME);
        try (Stream<Path> paths = Files.walk(dataDirectory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dataDirectory) && !path.equals(lockFile)) {
                    Files.delete(path);
                }
            }
        }
        System.out.println("Wiped " + dataDirectory.toAbsolutePath());
    }

    private static void printBanner(
            LocalRuntime runtime, Options options, String metricsEndpoint, Map<String, String> env) {
        EmbeddedServices.Endpoints endpoints = runtime.endpoints();
        String base = "http://localhost:" + runtime.port();
        System.out.println();
        System.out.println("Focus API local: " + base);
        System.out.println(
                "  data folder : " + options.dataDirectory.toAbsolutePath() + "  (--reset or `make reset` wipes it)");
        System.out.println("  PostgreSQL  : "
                + (endpoints.databaseEmbedded() ? "embedded, " : "external (DATABASE_URL), ") + endpoints.jdbcUrl());
        System.out.println("  Redis       : "
                + (!endpoints.cacheEnabled()
                        ? "disabled (CACHE_ENABLED=false)"
                        : endpoints.redisEmbedded()
                                ? "embedded, " + endpoints.redisUrl()
                                : "external (REDIS_URL/REDIS_HOST)"));
        System.out.println("  metrics     : " + metricsLine(base, metricsEndpoint, env));
        System.out.println("  emails      : printed here; their links open " + base + "/verify-email and " + base
                + "/reset-password");
        System.out.println("  functions   :");
        runtime.template()
                .functions()
                .forEach(f -> System.out.println("    " + f.logicalId() + "  "
                        + (f.routes().isEmpty()
                                ? "(not routed: run it with `invoke " + f.logicalId() + " --event <file>`)"
                                : f.routes().stream()
                                        .map(SamTemplate.Route::routeKey)
                                        .toList())));
        String tryLine = "  try         : curl " + base + "/api/health";
        if (options.warmUp) {
            System.out.println(
                    "  warming up  : the functions are starting, one at a time (a request now waits for its function)...");
            System.out.println("Ctrl-C stops everything.");
            runtime.whenWarm(() -> System.out.println("Functions warm.\n" + tryLine));
        } else {
            System.out.println(tryLine + "  (--no-warmup: the first request to each function starts it)");
            System.out.println("Ctrl-C stops everything.");
        }
    }

    /** The banner's metrics line: the URL, or why there is nothing to scrape. */
    static String metricsLine(String base, String metricsEndpoint, Map<String, String> env) {
        return "false"
                        .equalsIgnoreCase(
                                env.getOrDefault("METRICS_ENABLED", "true").trim())
                ? "disabled (METRICS_ENABLED=false): " + metricsEndpoint + " stays empty"
                : base + metricsEndpoint;
    }

    private static void usage(java.io.PrintStream out) {
        out.println("""
                Focus API local API. usage: java -jar local/target/focus-local.jar <command> [options]
                  run    [--port 8000] [--data-dir .focus-local] [--reset] [--template template.yaml] [--no-warmup]
                  invoke <FunctionLogicalId> --event events/<file>.json [--auth <access token>] [--set field=value]...
                         [--data-dir .focus-local]   (--auth sets Authorization: Bearer; --set a field of the JSON body)
                  reset  [--data-dir .focus-local]
                  make-admin <email> [--data-dir .focus-local]   (with the local API stopped, or DATABASE_URL set)
                  demo   [--users 10000] [--activities 1000000] [--challenges 1000] [--data-dir .focus-local]
                         (PostgreSQL COPY; prints a demo user's and an admin's login)
                Environment: PORT (default 8000); DATABASE_URL / REDIS_URL use external servers instead of the embedded
                ones; CACHE_ENABLED=false runs without Redis; METRICS_ENDPOINT (default /metrics); EMAIL_PUBLIC_URL
                (default: the address the request came in on, http://localhost:<port>, whose auth function serves the
                pages the email links open; invoke: http://localhost:$PORT).""");
    }

    /** Parsed command line. */
    static final class Options {
        String command;
        String functionId;
        Path event;
        String auth;
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        int port;
        Path dataDirectory = Paths.get(".focus-local");
        Path template = Paths.get("template.yaml");
        boolean reset;
        boolean warmUp = true;
        int demoUsers = 10_000;
        int demoActivities = 1_000_000;
        int demoChallenges = 1_000;

        static Options parse(String[] args, Map<String, String> env) throws UsageException {
            Options options = new Options();
            options.command = args[0];
            if (!java.util.Set.of("run", "invoke", "reset", "make-admin", "demo")
                    .contains(options.command)) {
                throw new UsageException("unknown command '" + options.command + "'");
            }
            if (options.command.equals("run")) {
                options.port = port(env.getOrDefault("PORT", "8000"), "PORT");
            }
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> options.port = port(value(args, ++i), "--port");
                    case "--data-dir" -> options.dataDirectory = Paths.get(value(args, ++i));
                    case "--template" -> options.template = Paths.get(value(args, ++i));
                    case "--event" -> options.event = Paths.get(value(args, ++i));
                    case "--auth" -> options.auth = value(args, ++i);
                    case "--set" -> {
                        String assignment = value(args, ++i);
                        int equals = assignment.indexOf('=');
                        if (equals <= 0) {
                            throw new UsageException("--set takes field=value, not '" + assignment + "'");
                        }
                        options.fields.put(assignment.substring(0, equals), assignment.substring(equals + 1));
                    }
                    case "--reset" -> options.reset = true;
                    case "--no-warmup" -> options.warmUp = false;
                    case "--users" -> options.demoUsers = count(value(args, ++i), "--users");
                    case "--activities" -> options.demoActivities = count(value(args, ++i), "--activities");
                    case "--challenges" -> options.demoChallenges = count(value(args, ++i), "--challenges");
                    default -> {
                        boolean positional = options.command.equals("invoke") || options.command.equals("make-admin");
                        if (args[i].startsWith("-") || !positional || options.functionId != null) {
                            throw new UsageException("unknown option '" + args[i] + "' for " + options.command);
                        }
                        options.functionId = args[i];
                    }
                }
            }
            return options;
        }

        private static String value(String[] args, int i) throws UsageException {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new UsageException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int count(String text, String source) throws UsageException {
            try {
                int count = Integer.parseInt(text.trim());
                if (count >= 0) {
                    return count;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new UsageException(source + " must be a whole number of 0 or more, not '" + text + "'");
        }

        private static int port(String text, String source) throws UsageException {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new UsageException(source + " must be a port number from 0 to 65535, not '" + text + "'");
        }
    }
}
