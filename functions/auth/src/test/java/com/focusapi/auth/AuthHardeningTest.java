package com.focusapi.auth;

import static com.focusapi.shared.testing.ProblemAssertions.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.AuthTestApp;
import com.focusapi.testsupport.JsonApi;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 through the auth function's real handler: inputs that reached PostgreSQL as a 500 before, and
 * answers carrying tokens that a cache could keep.
 */
class AuthHardeningTest {
    private static AuthTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new AuthTestApp(Map.of());
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aNulInAnyFieldIsA400NamingItAndNothingIsWritten() {
        long attemptsBefore = app.scalar("SELECT count(*) FROM login_attempts");
        // The request.
        assertField(api.post("/api/auth/login", "{\"email\":\"a\\u0000b\",\"password\":\"Secret123\"}"), "email");
        assertField(
                api.post("/api/auth/login", Map.of("email", "a@example.com", "password", "Se\u0000cret1")), "password");
        assertField(
                api.post(
                        "/api/auth/register",
                        Map.of("email", "nul@example.com", "username", "nul\u0000user", "password", "Secret123")),
                "username");
        assertField(api.post("/api/auth/forgot-password", Map.of("email", "\u0000@example.com")), "email");
        assertField(api.post("/api/auth/refresh", Map.of("refresh_token", "\u0000")), "refresh_token");
        assertThat(app.scalar("SELECT count(*) FROM users WHERE email = 'nul@example.com'"))
                .isZero();
        assertThat(app.scalar("SELECT count(*) FROM login_attempts")).isEqualTo(attemptsBefore);
    }

    @Test
    void noAnswerOfAuthMayBeStored() {
        long id = app.createUser("nostore", true, "user");
        String email = app.text("SELECT email FROM users WHERE id = " + id);
        JsonApi.Reply login = api.post("/api/auth/login", Map.of("email", email, "password", AuthTestApp.PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        JsonApi.Reply refreshed = api.post("/api/auth/refresh", Map.of("refresh_token", login.text("refresh_token")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
        // Refusals too: nothing of this route is for a cache.
        JsonApi.Reply refused = api.post("/api/auth/login", Map.of("email", email, "password", "Wrong1234"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
    }
}
