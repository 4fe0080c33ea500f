package com.focusapi.auth;

import static com.focusapi.shared.testing.ProblemAssertions.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.AuthTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auth function end to end through its Lambda handler: real PostgreSQL, SES emulated (AwsEmulator), the
 * emails read back from the emulator.
 */
class AuthFunctionTest {
    private static final String PASSWORD = "Secret123";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static AuthTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new AuthTestApp(Map.of(
                "login-throttle.max-failures-per-account", 3,
                "login-throttle.max-failures-per-address", 6,
                // Most requests of this suite come from one address: its email limit is not what is tested here.
                "account-emails.max-per-address", 1000));
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    // ---- the account journey ------------------------------------------------------------------------

    @Test
    void registerVerifyLoginRefreshLogout() throws Exception {
        String email = unique("journey") + "@example.com";
        Reply registered = api.post(
                "/api/auth/register",
                Map.of("email", email, "username", unique("journey"), "password", PASSWORD, "full_name", "Jo Urney"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        // The neutral answer (issue 12): the same whether or not the email was taken, no account in it.
        assertThat(registered.text("message")).contains("Check your inbox");
        assertThat(registered.body()).doesNotContain("password").doesNotContain("argon2");

        // The email arrived in the emulator, with a link whose token is not what the database holds.
        var sent = app.aws.sentTo(email);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).body()).contains("https://app.focus.test/verify-email?token=");
        String token = app.lastTokenSentTo(email);
        assertThat(app.scalar("SELECT count(*) FROM account_tokens WHERE token_hash = '" + token + "'"))
                .isZero();
        assertThat(app.scalar("SELECT count(*) FROM account_tokens t JOIN users u ON u.id = t.user_id "
                        + "WHERE lower(u.email) = lower('" + email
                        + "') AND t.expires_at BETWEEN now() + interval '23 hours' "
                        + "AND now() + interval '24 hours 1 minute'"))
                .isEqualTo(1);

        assertThat(api.post("/api/auth/verify-email", Map.of("token", token)).status())
                .isEqualTo(200);
        assertThat(app.scalar("SELECT count(*) FROM users WHERE is_verified AND lower(email) = lower('" + email + "')"))
                .isEqualTo(1);
        // A verification link works once.
        assertThat(api.post("/api/auth/verify-email", Map.of("token", token)).errorFields())
                .containsExactly("token");

        Reply login = api.post("/api/auth/login", Map.of("email", email.toUpperCase(), "password", PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.text("token_type")).isEqualTo("bearer");
        assertThat(login.json().get("expires_in").asLong()).isEqualTo(1800);
        String refresh1 = login.text("refresh_token");
        assertThat(login.text("access_token")).isNotBlank();

        Reply refreshed = api.post("/api/auth/refresh", Map.of("refresh_token", refresh1));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        String refresh2 = refreshed.text("refresh_token");
        assertThat(refresh2).isNotEqualTo(refresh1);

        assertThat(api.post("/api/auth/logout", Map.of("refresh_token", refresh2))
                        .status())
                .isEqualTo(204);
        assertThat(api.post("/api/auth/refresh", Map.of("refresh_token", refresh2))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheFamily() {
        String email = registeredAndVerified("reuse");
        String first = login(email).text("refresh_token");
        String second =
                api.post("/api/auth/refresh", Map.of("refresh_token", first)).text("refresh_token");
        // The first token again: stolen. Refused, and its successor dies with it.
        Reply replay = api.post("/api/auth/refresh", Map.of("refresh_token", first));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.post("/api/auth/refresh", Map.of("refresh_token", second))
                        .status())
                .isEqualTo(401);
        // Another login (another family) is unaffected.
        String other = login(email).text("refresh_token");
        assertThat(api.post("/api/auth/refresh", Map.of("refresh_token", other)).status())
                .isEqualTo(200);
    }

    @Test
    void refreshTokensAreStoredHashed() throws Exception {
        String email = registeredAndVerified("hashed");
        String refresh = login(email).text("refresh_token");
        assertThat(app.scalar("SELECT count(*) FROM refresh_tokens WHERE token_hash = '" + refresh + "'"))
                .isZero();
        assertThat(app.text("SELECT password_hash FROM users WHERE lower(email) = lower('" + email + "')"))
                .startsWith("$argon2id$");
    }

    @Test
    void unknownOrExpiredTokensAreRefused() throws Exception {
        assertThat(api.post("/api/auth/refresh", Map.of("refresh_token", "nope"))
                        .status())
                .isEqualTo(401);
        String email = registeredAndVerified("expired");
        String refresh = login(email).text("refresh_token");
        app.execute("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = "
                + "(SELECT id FROM users WHERE email = '" + email + "')");
        assertThat(api.post("/api/auth/refresh", Map.of("refresh_token", refresh))
                        .status())
                .isEqualTo(401);

        String other = unique("late") + "@example.com";
        register(other);
        app.execute("UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = "
                + "(SELECT id FROM users WHERE email = '" + other + "')");
        Reply late = api.post("/api/auth/verify-email", Map.of("token", app.lastTokenSentTo(other)));
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.errorFields()).containsExactly("token");
    }

    // ---- business metrics ---------------------------------------------------------------------------

    @Test
    void registrationsLoginsAndEmailsAreCounted() {
        double registered = sample("focus_api_users_registered_total", "");
        double logins = sample("focus_api_users_logged_in_total", "");
        double verificationEmails = sample("focus_api_emails_sent_total", "type=\"verification\"");
        String email = registeredAndVerified("metrics");
        assertThat(login(email).status()).isEqualTo(200);
        api.callFrom(
                uniqueIp(), "POST", "/api/auth/login", Map.of("email", email, "password", "Wrong1234"), null, Map.of());
        assertThat(sample("focus_api_users_registered_total", "") - registered).isEqualTo(1);
        assertThat(sample("focus_api_users_logged_in_total", "") - logins).isEqualTo(1);
        assertThat(sample("focus_api_emails_sent_total", "type=\"verification\"") - verificationEmails)
                .isEqualTo(1);
        assertThat(sample("focus_api_emails_sent_total", "status=\"success\"")).isPositive();
    }

    /** The summed value of the series {@code name{...label...}} in the function's Prometheus scrape. */
    @Test
    void aBodyThatIsNotAnObjectIs400NotA500() {
        for (String route : new String[] {"/api/auth/login", "/api/auth/register"}) {
            for (String body : new String[] {"1", "true", "1.5", "[1]", "null"}) {
                JsonApi.Reply reply = api.post(route, body);
                assertField(reply, "body");
                assertThat(reply.text("detail")).as(route + " " + body).contains("JSON object");
            }
        }
    }

    private static double sample(String name, String label) {
        String text = app.handler
                .getApplicationContext()
                .getBean(PrometheusMeterRegistry.class)
                .scrape();
        return text.lines()
                .filter(l -> (l.startsWith(name + "{") || l.startsWith(name + " ")) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    // ---- failed logins --------------------------------------------------------------------------------

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        String email = registeredAndVerified("wrong");
        String ip = uniqueIp();
        Reply wrong = api.callFrom(
                ip, "POST", "/api/auth/login", Map.of("email", email, "password", "Wrong1234"), null, Map.of());
        Reply unknown = api.callFrom(
                ip,
                "POST",
                "/api/auth/login",
                Map.of("email", "nobody-" + email, "password", "Wrong1234"),
                null,
                Map.of());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.text("detail")).isEqualTo(unknown.text("detail"));
    }

    @Test
    void failedLoginsAreThrottledPerAccountAndAddress() {
        String email = registeredAndVerified("throttle");
        String guesser = uniqueIp();
        for (int i = 0; i < 3; i++) {
            assertThat(api.callFrom(
                                    guesser,
                                    "POST",
                                    "/api/auth/login",
                                    Map.of("email", email, "password", "Wrong1234"),
                                    null,
                                    Map.of())
                            .status())
                    .isEqualTo(401);
        }
        // Locked from that address: even the right password. From another address the owner logs in.
        Reply locked = api.callFrom(
                guesser, "POST", "/api/auth/login", Map.of("email", email, "password", PASSWORD), null, Map.of());
        assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(login(email).status()).isEqualTo(200);
        // Another account is not affected.
        assertThat(login(registeredAndVerified("bystander")).status()).isEqualTo(200);
    }

    @Test
    void failedLoginsAreThrottledPerAddress() {
        String ip = uniqueIp();
        for (int i = 0; i < 6; i++) {
            // Six different accounts, two failures each at most: no account lock, only the address adds up.
            String email = unique("spray") + "@example.com";
            assertThat(api.callFrom(
                                    ip,
                                    "POST",
                                    "/api/auth/login",
                                    Map.of("email", email, "password", "Wrong1234"),
                                    null,
                                    Map.of())
                            .status())
                    .isEqualTo(401);
        }
        String victim = registeredAndVerified("victim");
        Reply blocked = api.callFrom(
                ip, "POST", "/api/auth/login", Map.of("email", victim, "password", PASSWORD), null, Map.of());
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isNotBlank();
        assertThat(api.callFrom(
                                uniqueIp(),
                                "POST",
                                "/api/auth/login",
                                Map.of("email", victim, "password", PASSWORD),
                                null,
                                Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void successfulLoginClearsTheAccountCounter() {
        String email = registeredAndVerified("clears");
        String ip = uniqueIp();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 2; i++) {
                api.callFrom(
                        ip + round,
                        "POST",
                        "/api/auth/login",
                        Map.of("email", email, "password", "Wrong1234"),
                        null,
                        Map.of());
            }
            assertThat(api.callFrom(
                                    uniqueIp(),
                                    "POST",
                                    "/api/auth/login",
                                    Map.of("email", email, "password", PASSWORD),
                                    null,
                                    Map.of())
                            .status())
                    .isEqualTo(200);
        }
    }

    // ---- reset and resend -----------------------------------------------------------------------------

    @Test
    void forgotPasswordDoesNotRevealWhetherTheAccountExists() {
        String email = registeredAndVerified("forgot");
        int before = app.aws.sentEmails().size();
        Reply known = api.post("/api/auth/forgot-password", Map.of("email", email));
        Reply unknown = api.post("/api/auth/forgot-password", Map.of("email", "ghost-" + email));
        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.status()).isEqualTo(known.status());
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(app.aws.sentEmails()).hasSize(before + 1);
        assertThat(app.aws.sentTo("ghost-" + email)).isEmpty();
    }

    @Test
    void resetFlowChangesThePasswordOnceAndEndsSessions() throws Exception {
        String email = registeredAndVerified("reset");
        String oldRefresh = login(email).text("refresh_token");
        api.post("/api/auth/forgot-password", Map.of("email", email));
        String token = app.lastTokenSentTo(email);
        assertThat(app.aws.sentTo(email).get(app.aws.sentTo(email).size() - 1).body())
                .contains("/reset-password?token=");
        assertThat(app.scalar(
                        "SELECT count(*) FROM account_tokens WHERE purpose = 'reset_password' AND used_at IS NULL "
                                + "AND expires_at BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes' "
                                + "AND user_id = (SELECT id FROM users WHERE email = '" + email + "')"))
                .isEqualTo(1);

        Reply weak = api.post("/api/auth/reset-password", Map.of("token", token, "new_password", "weak"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errorFields()).contains("new_password");

        Reply reset = api.post("/api/auth/reset-password", Map.of("token", token, "new_password", "NewSecret456"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(api.post("/api/auth/reset-password", Map.of("token", token, "new_password", "Other789x"))
                        .errorFields())
                .containsExactly("token");
        assertThat(api.post("/api/auth/refresh", Map.of("refresh_token", oldRefresh))
                        .status())
                .isEqualTo(401);
        assertThat(api.callFrom(
                                uniqueIp(),
                                "POST",
                                "/api/auth/login",
                                Map.of("email", email, "password", PASSWORD),
                                null,
                                Map.of())
                        .status())
                .isEqualTo(401);
        assertThat(api.callFrom(
                                uniqueIp(),
                                "POST",
                                "/api/auth/login",
                                Map.of("email", email, "password", "NewSecret456"),
                                null,
                                Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void resendVerificationIssuesANewTokenAndKeepsTheNewestFew() {
        String email = unique("resend") + "@example.com";
        register(email);
        String first = app.lastTokenSentTo(email);
        Reply known = api.post("/api/auth/resend-verification", Map.of("email", email));
        Reply unknown = api.post("/api/auth/resend-verification", Map.of("email", "ghost-" + email));
        assertThat(known.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());
        String second = app.lastTokenSentTo(email);
        assertThat(second).isNotEqualTo(first);
        // The first link still works (the newest three do), and spends the other with it.
        assertThat(api.post("/api/auth/verify-email", Map.of("token", first)).status())
                .isEqualTo(200);
        assertThat(api.post("/api/auth/verify-email", Map.of("token", second)).status())
                .isEqualTo(400);
    }

    // ---- bad input: 4xx problem naming the field, nothing written --------------------------------------

    @Test
    void badRegistrationsNameTheFieldAndWriteNothing() throws Exception {
        String taken = unique("taken");
        String takenEmail = taken + "@Example.com";
        register(takenEmail, taken);
        long users = app.scalar("SELECT count(*) FROM users");
        String name = unique("bad");
        Map<String, Object> good = Map.of("email", name + "@example.com", "username", name, "password", PASSWORD);

        // A taken email is not a conflict any more (issue 12): the neutral 201, and nothing written.
        assertThat(api.post("/api/auth/register", with(good, "email", takenEmail.toUpperCase()))
                        .status())
                .isEqualTo(201);
        assertField(api.post("/api/auth/register", with(good, "username", taken.toUpperCase())), 409, "username");
        assertField(api.post("/api/auth/register", with(good, "password", "alllowercase1")), 400, "password");
        assertField(api.post("/api/auth/register", with(good, "password", "Short1")), 400, "password");
        assertField(api.post("/api/auth/register", with(good, "username", "x".repeat(51))), 400, "username");
        assertField(api.post("/api/auth/register", with(good, "username", "ab")), 400, "username");
        assertField(api.post("/api/auth/register", with(good, "username", "no spaces!")), 400, "username");
        assertField(api.post("/api/auth/register", with(good, "email", "not-an-email")), 400, "email");
        assertField(api.post("/api/auth/register", with(good, "full_name", "y".repeat(101))), 400, "full_name");
        Map<String, Object> missing = new HashMap<>(good);
        missing.remove("email");
        assertField(api.post("/api/auth/register", missing), 400, "email");

        Reply unknown = api.post("/api/auth/register", with(good, "role", "admin"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("role");
        Reply malformed = api.post("/api/auth/register", "{\"email\": \"a@b.c\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("Content-Type")).startsWith("application/problem+json");

        assertThat(app.scalar("SELECT count(*) FROM users")).isEqualTo(users);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    static String unique(String prefix) {
        return prefix + "_" + SEQ.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
    }

    private static String uniqueIp() {
        int n = SEQ.incrementAndGet();
        return "10.9." + (n / 250) + "." + (n % 250 + 1);
    }

    private static void register(String email) {
        register(email, unique("u"));
    }

    private static void register(String email, String username) {
        Reply reply =
                api.post("/api/auth/register", Map.of("email", email, "username", username, "password", PASSWORD));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private static String registeredAndVerified(String prefix) {
        String email = unique(prefix) + "@example.com";
        register(email);
        assertThat(api.post("/api/auth/verify-email", Map.of("token", app.lastTokenSentTo(email)))
                        .status())
                .isEqualTo(200);
        return email;
    }

    private static Reply login(String email) {
        Reply reply = api.callFrom(
                uniqueIp(), "POST", "/api/auth/login", Map.of("email", email, "password", PASSWORD), null, Map.of());
        assertThat(reply.status()).as(reply.toString()).isIn(200, 401, 429);
        return reply;
    }
}
