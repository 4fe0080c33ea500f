package com.focusapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.AuthTestApp;
import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The account attacks of issue 12 through the auth function's real handler on a real PostgreSQL, SES
 * emulated: parallel password guessing, locking the owner out, email flooding, account enumeration by
 * registration and by timing, deactivated accounts, and sessions kept alive forever by refreshing.
 */
class AccountAttacksTest {
    private static final int PER_ACCOUNT_AND_ADDRESS = 3;
    private static final int PER_ADDRESS = 8;
    private static final int PER_ACCOUNT_TOTAL = 6;
    private static final int EMAILS_PER_ADDRESS = 6;
    private static final int EMAILS_PER_EMAIL = 4;
    private static final long ANSWER_MILLIS = 300;
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static AuthTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new AuthTestApp(FunctionTestApp.withRoomForConcurrency(
                8,
                Map.of(
                        "login-throttle.max-failures-per-account", PER_ACCOUNT_AND_ADDRESS,
                        "login-throttle.max-failures-per-address", PER_ADDRESS,
                        "login-throttle.max-failures-per-account-total", PER_ACCOUNT_TOTAL,
                        "account-emails.max-per-address", EMAILS_PER_ADDRESS,
                        "account-emails.max-per-email", EMAILS_PER_EMAIL,
                        "account-emails.answer-time", ANSWER_MILLIS + "ms")));
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    // ---- login throttling -------------------------------------------------------------------------------

    @Test
    void parallelWrongLoginsReachThePasswordCheckAtMostTheLimit() throws Exception {
        String email = registeredAndVerified("parallel");
        String ip = uniqueIp();
        int guesses = 24;
        List<Reply> replies = parallel(
                guesses,
                () -> api.callFrom(
                        ip,
                        "POST",
                        "/api/auth/login",
                        Map.of("email", email, "password", "Wrong1234"),
                        null,
                        Map.of()));
        long verified = replies.stream().filter(r -> r.status() == 401).count();
        long throttled = replies.stream().filter(r -> r.status() == 429).count();
        assertThat(verified + throttled).as(replies.toString()).isEqualTo(guesses);
        // Only the guesses that got a slot reached the password check (a 401); every other one was a 429.
        assertThat(verified).isLessThanOrEqualTo(PER_ACCOUNT_AND_ADDRESS);
        assertThat(app.scalar("SELECT count(*) FROM login_attempts WHERE email_key = '" + email + "'"))
                .isEqualTo(verified);
    }

    @Test
    void aGuesserCannotLockTheOwnerOutFromElsewhere() {
        String email = registeredAndVerified("owner");
        String attacker = uniqueIp();
        for (int i = 0; i < PER_ACCOUNT_AND_ADDRESS; i++) {
            assertThat(login(attacker, email, "Wrong1234").status()).isEqualTo(401);
        }
        // The guesser's address is stopped for this account, even with the right password…
        Reply stopped = login(attacker, email, AuthTestApp.PASSWORD);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(429);
        assertThat(stopped.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(stopped.header("Retry-After"))).isBetween(1L, 900L);
        // …and once more: renewing the wait needs attempts that are refused, not counted.
        assertThat(login(attacker, email, "Wrong1234").status()).isEqualTo(429);
        assertThat(app.scalar("SELECT count(*) FROM login_attempts WHERE email_key = '" + email + "'"))
                .isEqualTo(PER_ACCOUNT_AND_ADDRESS);
        // The owner, from their own address, logs in; that gives the guesser no fresh allowance.
        assertThat(login(uniqueIp(), email, AuthTestApp.PASSWORD).status()).isEqualTo(200);
        assertThat(login(attacker, email, "Wrong1234").status()).isEqualTo(429);
    }

    @Test
    void guessingFromManyAddressesHitsTheAccountCeiling() {
        String email = registeredAndVerified("distributed");
        for (int i = 0; i < PER_ACCOUNT_TOTAL; i++) {
            assertThat(login(uniqueIp(), email, "Wrong1234").status()).isEqualTo(401);
        }
        Reply ceiling = login(uniqueIp(), email, AuthTestApp.PASSWORD);
        assertThat(ceiling.status()).as(ceiling.toString()).isEqualTo(429);
        assertThat(ceiling.header("Retry-After")).isNotBlank();
    }

    @Test
    void aDeactivatedAccountAnswersAsAWrongPassword() {
        String email = registeredAndVerified("deactivated");
        String ip = uniqueIp();
        Reply wrong = login(ip, email, "Wrong1234");
        app.execute("UPDATE users SET is_active = FALSE WHERE email = '" + email + "'");
        Reply right = login(ip, email, AuthTestApp.PASSWORD);
        assertThat(right.status()).as(right.toString()).isEqualTo(401);
        assertThat(right.body()).isEqualTo(wrong.body());
        assertThat(right.header("Content-Type")).isEqualTo(wrong.header("Content-Type"));
        // Not a successful login: nothing recorded as one, last_login untouched.
        assertThat(app.scalar("SELECT count(*) FROM login_attempts WHERE succeeded AND email_key = '" + email + "'"))
                .isZero();
        assertThat(app.scalar("SELECT count(*) FROM users WHERE last_login IS NOT NULL AND email = '" + email + "'"))
                .isZero();
    }

    // ---- account emails -------------------------------------------------------------------------------

    @Test
    void forgotPasswordSendsAtMostTheLimitPerEmailAndAnswersTheSame() {
        String email = registeredAndVerified("flood");
        int before = app.aws.sentTo(email).size();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < EMAILS_PER_EMAIL + 2; i++) {
            // A new address each time: only the per-email limit can stop this.
            Reply reply = app.api.callFrom(
                    uniqueIp(), "POST", "/api/auth/forgot-password", Map.of("email", email), null, Map.of());
            assertThat(reply.status()).isEqualTo(202);
            bodies.add(reply.body());
        }
        assertThat(bodies).containsOnly(bodies.get(0));
        // The verification email counts too: one per email address and window, whatever the type.
        assertThat(app.aws.sentTo(email).size() - before).isEqualTo(EMAILS_PER_EMAIL - 1);
    }

    @Test
    void oneAddressIsStoppedAfterItsLimitWithRetryAfter() {
        String ip = uniqueIp();
        for (int i = 0; i < EMAILS_PER_ADDRESS; i++) {
            Reply reply = app.api.callFrom(
                    ip,
                    "POST",
                    "/api/auth/forgot-password",
                    Map.of("email", unique("nobody") + "@example.com"),
                    null,
                    Map.of());
            assertThat(reply.status()).isEqualTo(202);
        }
        for (String route : List.of("/api/auth/forgot-password", "/api/auth/resend-verification")) {
            Reply refused = app.api.callFrom(
                    ip, "POST", route, Map.of("email", unique("nobody") + "@example.com"), null, Map.of());
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3600L);
        }
        String name = unique("late");
        Reply register = app.api.callFrom(
                ip,
                "POST",
                "/api/auth/register",
                Map.of("email", name + "@example.com", "username", name, "password", AuthTestApp.PASSWORD),
                null,
                Map.of());
        assertThat(register.status()).isEqualTo(429);
        assertThat(app.scalar("SELECT count(*) FROM users WHERE username = '" + name + "'"))
                .isZero();
    }

    @Test
    void theNewestTokensStayValidAndAResetSpendsThemAll() {
        String email = registeredAndVerified("tokens");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            app.api.callFrom(uniqueIp(), "POST", "/api/auth/forgot-password", Map.of("email", email), null, Map.of());
            tokens.add(app.lastTokenSentTo(email));
        }
        assertThat(tokens).doesNotHaveDuplicates();
        // The first of three still works (a slow email does not lose to its resend)…
        assertThat(api.post("/api/auth/reset-password", Map.of("token", tokens.get(0), "new_password", "NewSecret456"))
                        .status())
                .isEqualTo(200);
        // …and once used, the others are spent with it.
        for (String other : tokens.subList(1, 3)) {
            assertThat(api.post("/api/auth/reset-password", Map.of("token", other, "new_password", "Other789xY"))
                            .errorFields())
                    .containsExactly("token");
        }
    }

    @Test
    void onlyTheNewestThreeTokensStayValid() {
        String email = unique("four") + "@example.com";
        register(uniqueIp(), email, unique("four"));
        List<String> tokens = new ArrayList<>(List.of(app.lastTokenSentTo(email)));
        for (int i = 0; i < 3; i++) {
            app.api.callFrom(
                    uniqueIp(), "POST", "/api/auth/resend-verification", Map.of("email", email), null, Map.of());
            tokens.add(app.lastTokenSentTo(email));
        }
        assertThat(tokens).hasSize(4).doesNotHaveDuplicates();
        assertThat(api.post("/api/auth/verify-email", Map.of("token", tokens.get(0)))
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/api/auth/verify-email", Map.of("token", tokens.get(1)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void registrationDoesNotTellWhetherTheEmailIsTaken() {
        String email = registeredAndVerified("taken");
        String username = unique("fresh");
        Reply again = register(uniqueIp(), email.toUpperCase(), username);
        Reply fresh = register(uniqueIp(), unique("free") + "@example.com", unique("fresh"));
        assertThat(again.status()).as(again.toString()).isEqualTo(fresh.status());
        assertThat(again.body()).isEqualTo(fresh.body());
        assertThat(app.scalar("SELECT count(*) FROM users WHERE username = '" + username + "'"))
                .isZero();
        // The owner hears of it, with no token: a link to log in or reset the password.
        var sent = app.aws.sentTo(email);
        String notice = sent.get(sent.size() - 1).body();
        assertThat(notice)
                .contains("already has an account")
                .contains("/api/auth/forgot-password")
                .doesNotContain("token=");
        // Usernames are public: a taken one is still a 409 naming the field.
        Reply usernameTaken = register(uniqueIp(), unique("other") + "@example.com", email.split("@")[0]);
        assertThat(usernameTaken.status()).isEqualTo(409);
        assertThat(usernameTaken.errorFields()).containsExactly("username");
    }

    @Test
    void forgotPasswordTakesAtLeastTheFixedAnswerTimeForUnknownEmailsToo() {
        // The answer time is a floor both paths wait for (the work done for a known email fits within it), so
        // the unknown path, which does no email work, must wait too. Lower bounds only: never flaky.
        for (String email : List.of(registeredAndVerified("timing"), unique("ghost") + "@example.com")) {
            long start = System.nanoTime();
            Reply reply = app.api.callFrom(
                    uniqueIp(), "POST", "/api/auth/forgot-password", Map.of("email", email), null, Map.of());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.status()).isEqualTo(202);
            assertThat(millis).as(email).isGreaterThanOrEqualTo(ANSWER_MILLIS);
        }
    }

    // ---- refresh-token families -----------------------------------------------------------------------

    @Test
    void aFamilyEndsAtItsAbsoluteLifetimeHoweverOftenItIsRefreshed() {
        String email = registeredAndVerified("family");
        String refresh = login(uniqueIp(), email, AuthTestApp.PASSWORD).text("refresh_token");
        // 30 days from the login, and its successors inherit the end.
        assertThat(app.scalar("SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = '"
                        + email + "' AND t.family_expires_at BETWEEN now() + interval '29 days 23 hours' "
                        + "AND now() + interval '30 days 1 minute'"))
                .isEqualTo(1);
        Reply refreshed = api.post("/api/auth/refresh", Map.of("refresh_token", refresh));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(app.scalar("SELECT count(DISTINCT family_expires_at) FROM refresh_tokens t JOIN users u "
                        + "ON u.id = t.user_id WHERE u.email = '" + email + "'"))
                .isEqualTo(1);
        // The family's life is over (the tokens themselves would still be valid): login required.
        app.execute("UPDATE refresh_tokens SET family_expires_at = now() - interval '1 second' WHERE user_id = "
                + "(SELECT id FROM users WHERE email = '" + email + "')");
        Reply late = api.post("/api/auth/refresh", Map.of("refresh_token", refreshed.text("refresh_token")));
        assertThat(late.status()).as(late.toString()).isEqualTo(401);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static List<Reply> parallel(int n, Callable<Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String unique(String prefix) {
        return prefix + "_" + SEQ.incrementAndGet() + "_"
                + ProcessHandle.current().pid();
    }

    private static String uniqueIp() {
        int n = SEQ.incrementAndGet();
        return "10.7." + (n / 250) + "." + (n % 250 + 1);
    }

    private static Reply login(String ip, String email, String password) {
        return api.callFrom(
                ip, "POST", "/api/auth/login", Map.of("email", email, "password", password), null, Map.of());
    }

    private static Reply register(String ip, String email, String username) {
        return api.callFrom(
                ip,
                "POST",
                "/api/auth/register",
                Map.of("email", email, "username", username, "password", AuthTestApp.PASSWORD),
                null,
                Map.of());
    }

    private static String registeredAndVerified(String prefix) {
        String name = unique(prefix);
        String email = name + "@example.com";
        Reply reply = register(uniqueIp(), email, name);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(api.post("/api/auth/verify-email", Map.of("token", app.lastTokenSentTo(email)))
                        .status())
                .isEqualTo(200);
        return email;
    }
}
