package com.focusapi.users;

import static com.focusapi.shared.testing.ProblemAssertions.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: an access token alone must not be a way to guess the account's password. Change-password and
 * DELETE /me check the current password; wrong ones are throttled per account like logins (429 problem+json
 * with Retry-After), and the right one is refused too while the account is throttled.
 */
class PasswordGuessingTest {
    private static final int LIMIT = 3;
    private static UsersTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new UsersTestApp(Map.of("login-throttle.max-failures-per-account", LIMIT));
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void wrongCurrentPasswordsAreThrottledPerAccount() {
        long id = app.createUser("guess", true, "user");
        String token = app.tokenFor(id, "user");
        for (int i = 0; i < LIMIT; i++) {
            assertField(changePassword(token, "Wrong1234" + i), 400, "current_password");
        }
        Reply throttled = changePassword(token, UsersTestApp.PASSWORD);
        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
        assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 900L);
        // DELETE /me checks the same password: the same counter.
        Reply delete = api.call("DELETE", "/api/users/me", Map.of("password", UsersTestApp.PASSWORD), token);
        assertThat(delete.status()).isEqualTo(429);
        assertThat(app.scalar("SELECT count(*) FROM users WHERE id = " + id)).isEqualTo(1);
        assertThat(app.text("SELECT token_version::text FROM users WHERE id = " + id))
                .isEqualTo("0");

        // Another account is not affected.
        long other = app.createUser("bystander", true, "user");
        assertThat(changePassword(app.tokenFor(other, "user"), UsersTestApp.PASSWORD)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void deleteGuessesCountToo() {
        long id = app.createUser("delguess", true, "user");
        String token = app.tokenFor(id, "user");
        for (int i = 0; i < LIMIT; i++) {
            assertField(
                    api.call("DELETE", "/api/users/me", Map.of("password", "Wrong1234" + i), token), 400, "password");
        }
        assertThat(changePassword(token, UsersTestApp.PASSWORD).status()).isEqualTo(429);
    }

    private static Reply changePassword(String token, String current) {
        return api.post(
                "/api/users/me/change-password",
                Map.of("current_password", current, "new_password", "NewSecret456"),
                token);
    }
}
