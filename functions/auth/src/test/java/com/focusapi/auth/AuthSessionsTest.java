package com.focusapi.auth;

import static com.focusapi.shared.testing.ProblemAssertions.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.testing.AuthTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the auth function's writes do to the tokens it issued, with the cache on (a real redis-server) and the
 * state of each account cached before the write: verification applies at once, a password reset ends every
 * session (access and refresh tokens), and a refresh token issued under an older token version is refused.
 * {@code /test/caller} is a route of the test application that needs an access token.
 */
class AuthSessionsTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static AuthTestApp app;
    private static JsonApi api;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        app = AuthTestApp.withCache();
        api = app.api;
        cache = app.context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void verifyingTheEmailAppliesToTheCurrentTokenAtOnce() {
        String email = registered("verify");
        Reply login = login(email, AuthTestApp.PASSWORD);
        String access = login.text("access_token");
        assertThat(caller(access).get("verified").asBoolean()).isFalse();
        assertThat(cache.exists(AuthStateCache.key(userId(email)))).isTrue();

        assertThat(api.post("/api/auth/verify-email", Map.of("token", app.lastTokenSentTo(email)))
                        .status())
                .isEqualTo(200);

        assertThat(caller(access).get("verified").asBoolean()).isTrue();
    }

    @Test
    void aPasswordResetEndsEveryAccessAndRefreshToken() throws Exception {
        String email = registered("reset");
        Reply login = login(email, AuthTestApp.PASSWORD);
        String access = login.text("access_token");
        assertThat(caller(access).get("id").asLong()).isEqualTo(userId(email));
        assertThat(claims(access).get("ver").asInt()).isZero();

        api.post("/api/auth/forgot-password", Map.of("email", email));
        Reply reset = api.post(
                "/api/auth/reset-password",
                Map.of("token", app.lastTokenSentTo(email), "new_password", "NewSecret456"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);

        assertUnauthorized(api.get("/test/caller", access));
        assertUnauthorized(api.post("/api/auth/refresh", Map.of("refresh_token", login.text("refresh_token"))));
        Reply again = login(email, "NewSecret456");
        assertThat(claims(again.text("access_token")).get("ver").asInt()).isEqualTo(1);
        assertThat(caller(again.text("access_token")).get("id").asLong()).isEqualTo(userId(email));
        // Tokens of the new version go on working through a refresh.
        Reply refreshed = api.post("/api/auth/refresh", Map.of("refresh_token", again.text("refresh_token")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(caller(refreshed.text("access_token")).get("id").asLong()).isEqualTo(userId(email));
    }

    @Test
    void aRefreshTokenOfAnOlderVersionIsRefusedEvenIfNobodyRevokedIt() {
        // What a rotation racing with a password change could leave: a live refresh token of the old version.
        String email = registered("race");
        String refresh = login(email, AuthTestApp.PASSWORD).text("refresh_token");
        app.execute("UPDATE users SET token_version = token_version + 1 WHERE id = " + userId(email));

        assertUnauthorized(api.post("/api/auth/refresh", Map.of("refresh_token", refresh)));
    }

    @Test
    void aRoleChangedInSqlAppliesFromTheNextLogin() {
        String email = registered("promoted");
        String access = login(email, AuthTestApp.PASSWORD).text("access_token");
        assertThat(caller(access).get("role").asText()).isEqualTo("user"); // cached
        // The first admin is made in SQL (README): no API write drops the cached state, the next login does.
        app.execute("UPDATE users SET role = 'admin' WHERE id = " + userId(email));
        login(email, AuthTestApp.PASSWORD);

        assertThat(caller(access).get("role").asText()).isEqualTo("admin");
    }

    private static String registered(String prefix) {
        String name = prefix + "_" + SEQ.incrementAndGet();
        String email = name + "@example.com";
        Reply reply = api.post(
                "/api/auth/register", Map.of("email", email, "username", name, "password", AuthTestApp.PASSWORD));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return email;
    }

    private static Reply login(String email, String password) {
        Reply reply = api.post("/api/auth/login", Map.of("email", email, "password", password));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    private static JsonNode caller(String accessToken) {
        Reply reply = api.get("/test/caller", accessToken);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static long userId(String email) {
        return app.scalar("SELECT id FROM users WHERE email = '" + email + "'");
    }

    private static JsonNode claims(String accessToken) throws Exception {
        return JsonApi.parse(
                new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1])));
    }
}
