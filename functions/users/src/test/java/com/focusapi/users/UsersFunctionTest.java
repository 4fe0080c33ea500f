package com.focusapi.users;

import static com.focusapi.shared.testing.ProblemAssertions.assertField;
import static com.focusapi.shared.testing.ProblemAssertions.assertProblem;
import static com.focusapi.shared.testing.ProblemAssertions.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.accounts.RefreshTokens;
import com.focusapi.shared.persistence.Database;
import com.focusapi.testsupport.ForgedJwts;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The users function through its Lambda handler: authentication, privacy, profile rules, statistics. */
class UsersFunctionTest {
    private static UsersTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new UsersTestApp(Map.of());
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    // ---- authentication -----------------------------------------------------------------------------

    @Test
    void missingForgedExpiredAndUnsignedTokensAre401() throws Exception {
        long id = app.createUser("auth", true, "user");
        assertUnauthorized(api.get("/api/users/me", null));
        assertUnauthorized(api.call("GET", "/api/users/me", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz")));
        assertUnauthorized(api.get("/api/users/me", "garbage"));

        Map<String, Object> claims =
                ForgedJwts.claims(id, "admin", Instant.now(), Instant.now().plusSeconds(600));
        assertUnauthorized(api.get("/api/users/me", ForgedJwts.unsigned(claims)));

        String forged =
                ForgedJwts.hmac("HS256", "an-attacker-secret-that-is-long-enough-0123456789".getBytes(), claims);
        assertUnauthorized(api.get("/api/users/me", forged));

        byte[] realSecret = Files.readString(Path.of(
                        app.context.getProperty("jwt.secret-file", String.class).orElseThrow()))
                .trim()
                .getBytes();
        Map<String, Object> expiredClaims = ForgedJwts.claims(
                id, "admin", Instant.now().minusSeconds(3600), Instant.now().minusSeconds(1800));
        String expired = ForgedJwts.hmac("HS256", realSecret, expiredClaims);
        assertUnauthorized(api.get("/api/users/me", expired));

        // The same claims, valid dates, real secret: accepted, so the refusals above are about the token.
        String good = ForgedJwts.hmac("HS256", realSecret, claims);
        assertThat(api.get("/api/users/me", good).status()).isEqualTo(200);
    }

    // ---- own profile ----------------------------------------------------------------------------------

    @Test
    void ownProfileHasTheWireFieldsAndNoSecret() {
        long id = app.createUser("me", true, "user");
        Reply me = api.get("/api/users/me", app.tokenFor(id, "user"));
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "id",
                        "email",
                        "username",
                        "full_name",
                        "avatar_url",
                        "is_active",
                        "is_verified",
                        "role",
                        "daily_limit_minutes",
                        "notifications_enabled",
                        "email_reminders",
                        "created_at",
                        "updated_at",
                        "last_login");
        assertThat(me.json().get("daily_limit_minutes").asInt()).isEqualTo(120);
        assertThat(me.body()).doesNotContain("argon2").doesNotContain("password");
        assertThat(me.text("created_at")).matches("\\d{4}-\\d{2}-\\d{2}T.*(Z|[+-]\\d{2}:\\d{2})");
    }

    @Test
    void updateAppliesGivenFieldsAndKeepsTheOthers() {
        long id = app.createUser("upd", true, "user");
        String token = app.tokenFor(id, "user");
        Reply updated = api.call(
                "PUT",
                "/api/users/me",
                Map.of(
                        "full_name",
                        "New Name",
                        "daily_limit_minutes",
                        90,
                        "avatar_url",
                        "https://cdn.example.com/a.png"),
                token);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.text("full_name")).isEqualTo("New Name");
        Reply again = api.get("/api/users/me", token);
        assertThat(again.json().get("daily_limit_minutes").asInt()).isEqualTo(90);
        assertThat(again.text("avatar_url")).isEqualTo("https://cdn.example.com/a.png");
        assertThat(again.json().get("notifications_enabled").asBoolean()).isTrue();
        assertThat(again.text("username")).startsWith("upd_");
    }

    @Test
    void badUpdatesNameTheFieldAndWriteNothing() {
        long other = app.createUser("Taken", true, "user");
        String takenName = app.text("SELECT username FROM users WHERE id = " + other);
        long id = app.createUser("bad", true, "user");
        String token = app.tokenFor(id, "user");
        String before = app.text(
                "SELECT row(username, full_name, avatar_url, daily_limit_minutes, updated_at)::text FROM users WHERE id = "
                        + id);

        assertField(
                api.call("PUT", "/api/users/me", Map.of("username", takenName.toLowerCase()), token), 409, "username");
        assertField(api.call("PUT", "/api/users/me", Map.of("full_name", "x".repeat(101)), token), 400, "full_name");
        assertField(
                api.call("PUT", "/api/users/me", Map.of("daily_limit_minutes", 0), token), 400, "daily_limit_minutes");
        assertField(
                api.call("PUT", "/api/users/me", Map.of("daily_limit_minutes", 1441), token),
                400,
                "daily_limit_minutes");
        assertField(api.call("PUT", "/api/users/me", Map.of("username", "a b"), token), 400, "username");
        assertField(
                api.call("PUT", "/api/users/me", Map.of("avatar_url", "javascript:alert(1)"), token),
                400,
                "avatar_url");
        Reply role = api.call("PUT", "/api/users/me", Map.of("role", "admin"), token);
        assertThat(role.status()).isEqualTo(400);
        assertThat(role.body()).contains("role");
        assertThat(api.call("PUT", "/api/users/me", "{\"full_name\": ", token).status())
                .isEqualTo(400);

        assertThat(app.text(
                        "SELECT row(username, full_name, avatar_url, daily_limit_minutes, updated_at)::text FROM users WHERE id = "
                                + id))
                .isEqualTo(before);
        assertThat(app.text("SELECT role FROM users WHERE id = " + id)).isEqualTo("user");
    }

    @Test
    void changePasswordChecksTheCurrentOneAndEndsSessions() throws Exception {
        long id = app.createUser("pw", true, "user");
        String token = app.tokenFor(id, "user");
        Database database = app.context.getBean(Database.class);
        RefreshTokens refreshTokens = app.context.getBean(RefreshTokens.class);
        String refresh = database.inTransaction(c -> refreshTokens.startFamily(c, id, 0));

        assertField(
                api.post(
                        "/api/users/me/change-password",
                        Map.of("current_password", "Wrong1234", "new_password", "NewSecret456"),
                        token),
                400,
                "current_password");
        assertField(
                api.post(
                        "/api/users/me/change-password",
                        Map.of("current_password", UsersTestApp.PASSWORD, "new_password", "weak"),
                        token),
                400,
                "new_password");
        // A refused change ends nothing.
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200);
        Reply ok = api.post(
                "/api/users/me/change-password",
                Map.of("current_password", UsersTestApp.PASSWORD, "new_password", "NewSecret456"),
                token);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(204);

        String hash = app.text("SELECT password_hash FROM users WHERE id = " + id);
        assertThat(new PasswordHasher().verify("NewSecret456", hash)).isTrue();
        assertThat(refreshTokens.rotate(refresh).status()).isEqualTo(RefreshTokens.Rotation.Status.REVOKED);
        // The access token of the old password is refused too: the token version moved.
        assertThat(app.scalar("SELECT token_version FROM users WHERE id = " + id))
                .isEqualTo(1);
        assertUnauthorized(api.get("/api/users/me", token));
    }

    @Test
    void deleteRemovesTheAccountAndItsTokenStopsWorking() {
        long id = app.createUser("del", true, "user");
        String token = app.tokenFor(id, "user");
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (" + id
                + ", 'X', 5, DATE '2026-01-01')");
        // Without the password, or with a wrong one, nothing is deleted and the token still works.
        assertProblem(api.call("DELETE", "/api/users/me", null, token), 400);
        assertField(api.call("DELETE", "/api/users/me", Map.of(), token), 400, "password");
        assertField(api.call("DELETE", "/api/users/me", Map.of("password", "Wrong1234"), token), 400, "password");
        assertThat(app.scalar("SELECT count(*) FROM users WHERE id = " + id)).isEqualTo(1);
        assertThat(api.get("/api/users/me", token).status()).isEqualTo(200);

        assertThat(api.call("DELETE", "/api/users/me", Map.of("password", UsersTestApp.PASSWORD), token)
                        .status())
                .isEqualTo(204);
        assertThat(app.scalar("SELECT count(*) FROM users WHERE id = " + id)).isZero();
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isZero();
        assertUnauthorized(api.get("/api/users/me", token));
    }

    @Test
    void deactivatedAccountIsRefused() {
        long id = app.createUser("off", true, "user");
        String token = app.tokenFor(id, "user");
        app.execute("UPDATE users SET is_active = FALSE WHERE id = " + id);
        assertUnauthorized(api.get("/api/users/me", token));
    }

    // ---- others: public profile, search, statistics --------------------------------------------------

    @Test
    void publicProfileShowsOnlyPublicFields() {
        long viewer = app.createUser("viewer", true, "user");
        long target = app.createUser("target", true, "user");
        Reply profile = api.get("/api/users/" + target, app.tokenFor(viewer, "user"));
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("id", "username", "full_name", "avatar_url");
        assertThat(api.get("/api/users/999999", app.tokenFor(viewer, "user")).status())
                .isEqualTo(404);
        assertThat(api.get("/api/users/" + target, null).status()).isEqualTo(401);
    }

    @Test
    void searchIsCaseInsensitivePrefixAndPaginated() {
        long viewer = app.createUser("searcher", true, "user");
        for (int i = 0; i < 3; i++) {
            app.createUser("Zebra", true, "user");
        }
        app.createUser("zebrafish", false, "user");
        String token = app.tokenFor(viewer, "user");
        Reply page1 = api.get("/api/users/search?username=zEBRA&page=1&page_size=2", token);
        assertThat(page1.status()).as(page1.toString()).isEqualTo(200);
        assertThat(page1.json().get("total").asInt()).isEqualTo(4);
        assertThat(page1.json().get("total_pages").asInt()).isEqualTo(2);
        assertThat(page1.json().get("items")).hasSize(2);
        assertThat(page1.json().get("items").get(0).has("email")).isFalse();
        assertThat(api.get("/api/users/search?username=zebra&page=2&page_size=2", token)
                        .json()
                        .get("items"))
                .hasSize(2);
        // LIKE wildcards are literal characters here.
        assertThat(api.get("/api/users/search?username=%25%25%25", token)
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
        assertThat(api.get("/api/users/search?username=___", token)
                        .json()
                        .get("total")
                        .asInt())
                .isZero();
        assertField(api.get("/api/users/search", token), 400, "username");
        assertField(api.get("/api/users/search?username=zeb&page_size=101", token), 400, "page_size");
        // An empty page still has its items, and a wrong type is said in the client's terms.
        Reply none = api.get("/api/users/search?username=zzzzzzzz", token);
        assertThat(none.json().get("items").isArray()).as(none.toString()).isTrue();
        assertThat(none.json().get("items")).isEmpty();
        Reply abc = api.get("/api/users/search?username=zeb&page_size=abc", token);
        assertField(abc, 400, "page_size");
        assertThat(abc.body()).doesNotContain("pageSize", "For input string", "Failed to convert");
        // PUT /api/users/me takes a JSON object, never a bare number.
        for (String body : new String[] {"1", "true", "1.5", "[1]", "null"}) {
            assertField(api.call("PUT", "/api/users/me", body, token), 400, "body");
        }
    }

    @Test
    void statisticsAreForTheUserOrAnAdminOnly() {
        long owner = app.createUser("stats", true, "user");
        long stranger = app.createUser("stranger", true, "user");
        long admin = app.createUser("admin", true, "admin");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES "
                + "(" + owner + ", 'YouTube', 45, DATE '" + today + "'), (" + owner + ", 'YouTube', 15, DATE '" + today
                + "'), "
                + "(" + owner + ", 'Slack', 30, DATE '" + today + "'), (" + owner + ", 'Slack', 100, DATE '"
                + today.minusDays(3) + "'), "
                + "(" + owner + ", 'Old', 500, DATE '" + today.minusDays(30) + "'), (" + stranger
                + ", 'YouTube', 999, DATE '" + today + "')");

        Reply mine = api.get("/api/users/me/stats", app.tokenFor(owner, "user"));
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.json().at("/today/total_minutes").asLong()).isEqualTo(90);
        assertThat(mine.json().at("/today/apps_used").asInt()).isEqualTo(2);
        assertThat(mine.json().at("/today/most_used_app").asText()).isEqualTo("YouTube");
        assertThat(mine.json().at("/today/apps/0/session_count").asInt()).isEqualTo(2);
        assertThat(mine.json().at("/this_week/total_minutes").asLong()).isEqualTo(190);
        assertThat(mine.json().at("/this_week/top_apps/0/app_name").asText()).isEqualTo("Slack");
        assertThat(mine.json().get("total_activities").asLong()).isEqualTo(5);
        assertThat(mine.json().get("most_addictive_app").asText()).isEqualTo("Old");
        assertThat(mine.json().get("progress_vs_limit").asDouble()).isEqualTo(75.0);

        assertThat(api.get("/api/users/" + owner + "/stats", app.tokenFor(owner, "user"))
                        .json())
                .isEqualTo(mine.json());
        Reply denied = api.get("/api/users/" + owner + "/stats", app.tokenFor(stranger, "user"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).doesNotContain("YouTube");
        assertThat(api.get("/api/users/" + owner + "/stats", app.tokenFor(admin, "admin"))
                        .json())
                .isEqualTo(mine.json());
    }
}
