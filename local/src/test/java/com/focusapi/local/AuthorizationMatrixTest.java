package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.local.JourneyHosts.Reply;
import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.local.SamTemplate.Route;
import com.focusapi.shared.accounts.AuthSettings;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.PasswordHasher;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of template.yaml × every kind of caller, through the real function jars (one class loader each,
 * as the local API and Lambda run them) on one PostgreSQL and one Redis. Each cell runs in a world of its own
 * (fresh users and objects, made with SQL), so a DELETE or a deactivation in one cell cannot decide another
 * cell's answer, and the order of the cells does not matter.
 *
 * <p>Callers: nobody (no token), an unverified account, another verified user, the owner of the objects the
 * route names (for {@code /me} routes: the caller themself; for challenges: the creator), an admin, and for
 * challenges a participant who is not the creator. The owner's objects are a private challenge (the stricter
 * case; a public one has rows of its own), an activity and a blocked app.
 *
 * <p>A route added to template.yaml without a row here fails {@link #everyTemplateRouteHasARow()}.
 */
class AuthorizationMatrixTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String HTTP_HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final AtomicInteger WORLDS = new AtomicInteger();

    enum Caller {
        ANONYMOUS,
        UNVERIFIED,
        OTHER,
        OWNER,
        ADMIN,
        PARTICIPANT
    }

    @TempDir
    static Path dataDirectory;

    private static PostgresServer postgres;
    private static RedisServer redis;
    private static JwtService jwt;
    private static final String PASSWORD = "Secret123";
    /** Every account's password: deleting an account asks for it. */
    private static String passwordHash;

    private static final Map<String, FunctionHost> HOSTS = new LinkedHashMap<>();
    private static final Map<String, String> FUNCTION_OF_ROUTE = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        for (FunctionDefinition function : template.functions()) {
            if (!HTTP_HANDLER.equals(function.handler())) {
                continue;
            }
            HOSTS.put(
                    function.logicalId(),
                    JourneyHosts.host(
                            template,
                            function.logicalId(),
                            postgres,
                            redis,
                            dataDirectory.resolve("jwt-secret"),
                            Map.of("database.pool-size", 4, "email.sender", "console")));
            for (Route route : function.routes()) {
                FUNCTION_OF_ROUTE.put(route.routeKey(), function.logicalId());
            }
        }
        passwordHash = new PasswordHasher().hash(PASSWORD);
        AuthSettings auth = new AuthSettings();
        auth.setSecretFile(dataDirectory.resolve("jwt-secret").toString());
        jwt = new JwtService(new JwtSecretSource(auth), auth);
    }

    @AfterAll
    static void stop() {
        HOSTS.values().forEach(FunctionHost::close);
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ the world

    /** The users and objects of one cell. */
    record World(
            int n,
            Map<Caller, Long> users,
            long activity,
            long blockedApp,
            long privateChallenge,
            String invitationCode,
            long publicChallenge) {
        String token(Caller caller) {
            return caller == Caller.ANONYMOUS
                    ? null
                    : jwt.issue(users.get(caller), caller == Caller.ADMIN ? "admin" : "user")
                            .token();
        }

        long owner() {
            return users.get(Caller.OWNER);
        }
    }

    private static World world() throws SQLException {
        int n = WORLDS.incrementAndGet();
        Map<Caller, Long> users = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            if (caller == Caller.ANONYMOUS) {
                continue;
            }
            String name = caller.name().toLowerCase() + n;
            users.put(
                    caller,
                    scalar("INSERT INTO users (email, username, password_hash, is_verified, role) VALUES ('" + name
                            + "@example.com', '" + name + "', '" + passwordHash + "', " + (caller != Caller.UNVERIFIED)
                            + ", '"
                            + (caller == Caller.ADMIN ? "admin" : "user") + "') RETURNING id"));
        }
        long owner = users.get(Caller.OWNER);
        long activity = scalar("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES ("
                + owner + ", 'TikTok', 30, '" + TODAY + "') RETURNING id");
        long blockedApp =
                scalar("INSERT INTO blocked_apps (user_id, app_name) VALUES (" + owner + ", 'TikTok') RETURNING id");
        String code = String.format("C%07d", n);
        long privateChallenge = challenge(owner, true, code);
        long publicChallenge = challenge(owner, false, null);
        for (long challenge : new long[] {privateChallenge, publicChallenge}) {
            execute("INSERT INTO challenge_participants (challenge_id, user_id) VALUES (" + challenge + ", " + owner
                    + "), (" + challenge + ", " + users.get(Caller.PARTICIPANT) + ")");
        }
        // Failed logins of earlier cells (all from 127.0.0.1) must not throttle this one.
        execute("DELETE FROM login_attempts");
        return new World(n, users, activity, blockedApp, privateChallenge, code, publicChallenge);
    }

    private static long challenge(long creator, boolean isPrivate, String code) throws SQLException {
        return scalar("INSERT INTO challenges (creator_id, title, challenge_type, target_minutes, start_date, end_date,"
                + " is_private, invitation_code) VALUES (" + creator + ", 'Matrix', 'minimize_time', 60, '"
                + TODAY.plusDays(1) + "', '" + TODAY.plusDays(7) + "', " + isPrivate + ", "
                + (code == null ? "NULL" : "'" + code + "'") + ") RETURNING id");
    }

    // ------------------------------------------------------------------------------------------------ the matrix

    /** One route of the template with the objects its path names, its body and the status each caller gets. */
    record Row(
            String route,
            String variant,
            Function<World, String> path,
            Function<World, Object> body,
            Map<Caller, Integer> expected) {
        String name() {
            return route + (variant.isEmpty() ? "" : " (" + variant + ")");
        }
    }

    /** Statuses in the order anonymous, unverified, other, owner, admin; a participant like {@code other}. */
    private static Map<Caller, Integer> statuses(int anonymous, int unverified, int other, int owner, int admin) {
        return statuses(anonymous, unverified, other, owner, admin, other);
    }

    private static Map<Caller, Integer> statuses(
            int anonymous, int unverified, int other, int owner, int admin, int participant) {
        Map<Caller, Integer> m = new EnumMap<>(Caller.class);
        m.put(Caller.ANONYMOUS, anonymous);
        m.put(Caller.UNVERIFIED, unverified);
        m.put(Caller.OTHER, other);
        m.put(Caller.OWNER, owner);
        m.put(Caller.ADMIN, admin);
        m.put(Caller.PARTICIPANT, participant);
        return m;
    }

    private static Row row(String route, String path, Object body, Map<Caller, Integer> expected) {
        return new Row(route, "", w -> path, w -> body, expected);
    }

    private static Row row(
            String route, Function<World, String> path, Function<World, Object> body, Map<Caller, Integer> expected) {
        return new Row(route, "", path, body, expected);
    }

    private static Map<String, Object> activity() {
        return Map.of("app_name", "YouTube", "duration_minutes", 10);
    }

    /**
     * The matrix. Reading the object of another user answers 404, as for an object that does not exist (ids are
     * sequential: a 403 would confirm that the id is taken); admin routes answer 403 to non-admins; routes of
     * activities, blocked apps and challenges answer 403 to an unverified account (spec, Accounts).
     */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        Map<Caller, Integer> publicRoute = statuses(200, 200, 200, 200, 200);
        // ---- health and auth: public; who calls must not change the answer.
        rows.add(row("GET /api/health", "/api/health", null, publicRoute));
        rows.add(row(
                "POST /api/auth/register",
                w -> "/api/auth/register",
                w -> Map.of(
                        "email", "new" + w.n() + "@example.com", "username", "new" + w.n(), "password", "Secret123"),
                statuses(201, 201, 201, 201, 201)));
        rows.add(row(
                "POST /api/auth/login",
                "/api/auth/login",
                Map.of("email", "nobody@example.com", "password", "Secret123"),
                statuses(401, 401, 401, 401, 401)));
        Map<String, Object> badRefresh = Map.of("refresh_token", "not-a-token");
        rows.add(row("POST /api/auth/refresh", "/api/auth/refresh", badRefresh, statuses(401, 401, 401, 401, 401)));
        rows.add(row("POST /api/auth/logout", "/api/auth/logout", badRefresh, statuses(204, 204, 204, 204, 204)));
        rows.add(row(
                "POST /api/auth/verify-email",
                "/api/auth/verify-email",
                Map.of("token", "not-a-token"),
                statuses(400, 400, 400, 400, 400)));
        Map<String, Object> unknownEmail = Map.of("email", "nobody@example.com");
        rows.add(row(
                "POST /api/auth/resend-verification",
                "/api/auth/resend-verification",
                unknownEmail,
                statuses(202, 202, 202, 202, 202)));
        rows.add(row(
                "POST /api/auth/forgot-password",
                "/api/auth/forgot-password",
                unknownEmail,
                statuses(202, 202, 202, 202, 202)));
        rows.add(row(
                "POST /api/auth/reset-password",
                "/api/auth/reset-password",
                Map.of("token", "not-a-token", "new_password", "Secret123"),
                statuses(400, 400, 400, 400, 400)));
        // The HTML pages the email links open: public too; the reset form only checks the token's shape.
        rows.add(row("GET /verify-email", "/verify-email?token=not-a-token", null, statuses(400, 400, 400, 400, 400)));
        rows.add(row("GET /reset-password", "/reset-password?token=not-a-token", null, publicRoute));
        rows.add(row(
                "POST /reset-password",
                "/reset-password",
                "token=not-a-token&new_password=Secret123",
                statuses(400, 400, 400, 400, 400)));

        // ---- users: /me is always the caller's own account; {id} is the owner's.
        Map<Caller, Integer> anyAccount = statuses(401, 200, 200, 200, 200);
        rows.add(row("GET /api/users/me", "/api/users/me", null, anyAccount));
        rows.add(row("PUT /api/users/me", "/api/users/me", Map.of("full_name", "Renamed"), anyAccount));
        rows.add(row(
                "DELETE /api/users/me",
                "/api/users/me",
                Map.of("password", PASSWORD),
                statuses(401, 204, 204, 204, 204)));
        rows.add(row(
                "POST /api/users/me/change-password",
                "/api/users/me/change-password",
                Map.of("current_password", "Wrong1234", "new_password", "Secret123"),
                statuses(401, 400, 400, 400, 400)));
        rows.add(row("GET /api/users/me/stats", "/api/users/me/stats", null, anyAccount));
        // Search: a verified account and at least 3 characters (the shortest username), nothing for nobody.
        rows.add(row(
                "GET /api/users/search", "/api/users/search?username=own", null, statuses(401, 403, 200, 200, 200)));
        rows.add(new Row(
                "GET /api/users/search",
                "one letter",
                w -> "/api/users/search?username=o",
                w -> null,
                statuses(401, 403, 400, 400, 400)));
        rows.add(new Row(
                "GET /api/users/search",
                "beyond the first 100 results",
                w -> "/api/users/search?username=own&page=6&page_size=20",
                w -> null,
                statuses(401, 403, 400, 400, 400)));
        // A public profile is public (spec): any account may read it, by id.
        rows.add(row("GET /api/users/{id}", w -> "/api/users/" + w.owner(), w -> null, anyAccount));
        rows.add(row(
                "GET /api/users/{id}/stats",
                w -> "/api/users/" + w.owner() + "/stats",
                w -> null,
                statuses(401, 403, 403, 200, 200)));

        // ---- activities: the owner's activity; everyone else's view of it is "not found".
        Map<Caller, Integer> verifiedOnly = statuses(401, 403, 200, 200, 200);
        Map<Caller, Integer> ownerOnly = statuses(401, 403, 404, 200, 404);
        rows.add(row(
                "POST /api/activities", w -> "/api/activities", w -> activity(), statuses(401, 403, 201, 201, 201)));
        rows.add(row("GET /api/activities", "/api/activities", null, verifiedOnly));
        rows.add(row("GET /api/activities/{id}", w -> "/api/activities/" + w.activity(), w -> null, ownerOnly));
        rows.add(row(
                "PUT /api/activities/{id}",
                w -> "/api/activities/" + w.activity(),
                w -> Map.of("app_name", "TikTok", "duration_minutes", 45),
                ownerOnly));
        rows.add(row(
                "DELETE /api/activities/{id}",
                w -> "/api/activities/" + w.activity(),
                w -> null,
                statuses(401, 403, 404, 204, 404)));
        rows.add(row("GET /api/activities/stats/daily", "/api/activities/stats/daily", null, verifiedOnly));
        rows.add(row("GET /api/activities/stats/weekly", "/api/activities/stats/weekly", null, verifiedOnly));
        rows.add(row("GET /api/activities/stats/apps/{app}", "/api/activities/stats/apps/TikTok", null, verifiedOnly));

        // ---- blocked apps: the owner's limit on TikTok.
        rows.add(row(
                "POST /api/blocked-apps",
                w -> "/api/blocked-apps",
                w -> Map.of("app_name", "Instagram"),
                statuses(401, 403, 201, 201, 201)));
        rows.add(row("GET /api/blocked-apps", "/api/blocked-apps", null, verifiedOnly));
        rows.add(row("GET /api/blocked-apps/{id}", w -> "/api/blocked-apps/" + w.blockedApp(), w -> null, ownerOnly));
        rows.add(row(
                "PUT /api/blocked-apps/{id}",
                w -> "/api/blocked-apps/" + w.blockedApp(),
                w -> Map.of("daily_limit_minutes", 90),
                ownerOnly));
        rows.add(row(
                "DELETE /api/blocked-apps/{id}",
                w -> "/api/blocked-apps/" + w.blockedApp(),
                w -> null,
                statuses(401, 403, 404, 204, 404)));
        // Only the owner has a limit on TikTok: the others get their own status, none.
        rows.add(row(
                "GET /api/blocked-apps/status/{app}",
                "/api/blocked-apps/status/TikTok",
                null,
                statuses(401, 403, 404, 200, 404)));

        // ---- admin: the target is the owner's account.
        Map<Caller, Integer> adminOnly = statuses(401, 403, 403, 403, 200);
        rows.add(row("GET /api/admin/users", "/api/admin/users", null, adminOnly));
        rows.add(row(
                "PATCH /api/admin/users/{id}/deactivate",
                w -> "/api/admin/users/" + w.owner() + "/deactivate",
                w -> null,
                adminOnly));
        rows.add(row(
                "PATCH /api/admin/users/{id}/activate",
                w -> "/api/admin/users/" + w.owner() + "/activate",
                w -> null,
                adminOnly));
        rows.add(row("GET /api/admin/stats/overview", "/api/admin/stats/overview", null, adminOnly));

        // ---- challenges: owner = creator; the private challenge is the default object.
        rows.add(row(
                "POST /api/challenges",
                w -> "/api/challenges",
                w -> Map.of(
                        "title",
                        "New",
                        "challenge_type",
                        "minimize_time",
                        "target_minutes",
                        60,
                        "start_date",
                        TODAY.plusDays(1).toString(),
                        "end_date",
                        TODAY.plusDays(3).toString()),
                statuses(401, 403, 201, 201, 201)));
        rows.add(row("GET /api/challenges", "/api/challenges", null, verifiedOnly));
        rows.add(row("GET /api/challenges/mine", "/api/challenges/mine", null, verifiedOnly));
        rows.add(row(
                "GET /api/challenges/{id}",
                w -> "/api/challenges/" + w.privateChallenge(),
                w -> null,
                statuses(401, 403, 200, 200, 200, 200)));
        rows.add(new Row(
                "GET /api/challenges/{id}",
                "public",
                w -> "/api/challenges/" + w.publicChallenge(),
                w -> null,
                statuses(401, 403, 200, 200, 200, 200)));
        rows.add(row(
                "DELETE /api/challenges/{id}",
                w -> "/api/challenges/" + w.privateChallenge(),
                w -> null,
                statuses(401, 403, 403, 204, 403, 403)));
        rows.add(row(
                "POST /api/challenges/{id}/join",
                w -> "/api/challenges/" + w.privateChallenge() + "/join",
                w -> null,
                statuses(401, 403, 403, 403, 403, 403)));
        rows.add(new Row(
                "POST /api/challenges/{id}/join",
                "with the invitation code",
                w -> "/api/challenges/" + w.privateChallenge() + "/join",
                w -> Map.of("invitation_code", w.invitationCode()),
                statuses(401, 403, 200, 409, 200, 409)));
        rows.add(new Row(
                "POST /api/challenges/{id}/join",
                "public",
                w -> "/api/challenges/" + w.publicChallenge() + "/join",
                w -> null,
                statuses(401, 403, 200, 409, 200, 409)));
        rows.add(row(
                "POST /api/challenges/{id}/leave",
                w -> "/api/challenges/" + w.privateChallenge() + "/leave",
                w -> null,
                statuses(401, 403, 409, 409, 409, 204)));
        // Pending: the creator passes the authorization and meets the state check (409); nobody else gets that far.
        rows.add(row(
                "POST /api/challenges/{id}/complete",
                w -> "/api/challenges/" + w.privateChallenge() + "/complete",
                w -> null,
                statuses(401, 403, 403, 409, 403, 403)));
        rows.add(row(
                "GET /api/challenges/{id}/leaderboard",
                w -> "/api/challenges/" + w.privateChallenge() + "/leaderboard",
                w -> null,
                statuses(401, 403, 403, 200, 403, 200)));
        rows.add(new Row(
                "GET /api/challenges/{id}/leaderboard",
                "public",
                w -> "/api/challenges/" + w.publicChallenge() + "/leaderboard",
                w -> null,
                statuses(401, 403, 200, 200, 200, 200)));
        return rows;
    }

    @Test
    void everyTemplateRouteHasARow() {
        TreeSet<String> covered = new TreeSet<>();
        rows().forEach(r -> covered.add(r.route()));
        assertThat(covered)
                .as("routes of the matrix vs routes of template.yaml: give a new route a row with its expected"
                        + " status for every caller")
                .isEqualTo(new TreeSet<>(FUNCTION_OF_ROUTE.keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsTheExpectedStatusOnEveryRoute() {
        return rows().stream()
                .map(row -> DynamicTest.dynamicTest(row.name(), () -> {
                    List<String> wrong = new ArrayList<>();
                    for (Map.Entry<Caller, Integer> cell : row.expected().entrySet()) {
                        World w = world();
                        Reply reply = call(row, w, cell.getKey());
                        if (reply.status() != cell.getValue()) {
                            wrong.add(cell.getKey() + ": expected " + cell.getValue() + ", got " + reply.status() + " "
                                    + reply.json());
                        } else if (reply.status() / 100 == 2) {
                            wrong.addAll(leaks(row, w, cell.getKey(), reply.json()));
                        } else if (!intact(w)) {
                            wrong.add(cell.getKey() + ": refused with " + reply.status()
                                    + " but the owner's objects changed");
                        }
                    }
                    assertThat(wrong).as(row.name()).isEmpty();
                }));
    }

    private static Reply call(Row row, World w, Caller caller) throws Exception {
        String function = FUNCTION_OF_ROUTE.get(row.route());
        assertThat(function).as("template route " + row.route()).isNotNull();
        String method = row.route().substring(0, row.route().indexOf(' '));
        Object body = row.body().apply(w);
        // A body given as text is a form (the reset-password page); a map is JSON.
        Map<String, String> headers =
                body instanceof String ? Map.of("Content-Type", "application/x-www-form-urlencoded") : Map.of();
        return JourneyHosts.call(HOSTS.get(function), method, row.path().apply(w), body, w.token(caller), headers);
    }

    /** What a successful answer must not carry: another user's objects, private fields or invitation code. */
    private static List<String> leaks(Row row, World w, Caller caller, JsonNode json) {
        List<String> leaks = new ArrayList<>();
        String text = json.toString();
        // A caller who has just joined with the code is a participant now, and sees it.
        boolean member = caller == Caller.OWNER
                || caller == Caller.PARTICIPANT
                || row.route().equals("POST /api/challenges/{id}/join");
        if (!member && text.contains(w.invitationCode())) {
            leaks.add(caller + " sees the invitation code of a private challenge it is not in: " + text);
        }
        if (row.route().equals("GET /api/users/{id}") && json.has("email")) {
            leaks.add(caller + " reads the email of another user: " + text);
        }
        if (row.route().startsWith("GET /api/users/me")
                && json.has("id")
                && json.get("id").asLong() != w.users().get(caller)) {
            leaks.add(caller + " got the account " + json.get("id") + " for /me");
        }
        boolean ownersList =
                row.route().equals("GET /api/activities") || row.route().equals("GET /api/blocked-apps");
        if (ownersList && caller != Caller.OWNER && json.path("total").asLong() != 0) {
            leaks.add(caller + " lists objects of another user: " + text);
        }
        return leaks;
    }

    /** The owner's objects as {@link #world()} made them: a refused request wrote nothing. */
    private static boolean intact(World w) throws SQLException {
        return scalar("SELECT count(*) FROM users WHERE id = " + w.owner() + " AND is_active AND full_name IS NULL")
                        == 1
                && scalar("SELECT count(*) FROM activities WHERE id = " + w.activity() + " AND duration_minutes = 30")
                        == 1
                && scalar("SELECT count(*) FROM blocked_apps WHERE id = " + w.blockedApp()
                                + " AND daily_limit_minutes = 60")
                        == 1
                && scalar("SELECT count(*) FROM challenges WHERE id = " + w.privateChallenge()
                                + " AND status = 'pending'")
                        == 1
                && scalar("SELECT count(*) FROM challenge_participants WHERE is_active AND challenge_id = "
                                + w.privateChallenge())
                        == 2;
    }

    // ------------------------------------------------------------------------------------------------ SQL

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
}
