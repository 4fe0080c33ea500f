package com.focusapi.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.ProfileCache;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin function through its Lambda handler on a real PostgreSQL, with the cache on (a real redis-server). */
class AdminFunctionTest {
    private static FunctionTestApp app;
    private static JsonApi api;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        app = FunctionTestApp.withCache();
        api = app.api;
        cache = app.context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String admin() {
        return app.tokenFor(app.createUser("admin", true, "admin"), "admin");
    }

    private static Reply patch(String path, String token) {
        return api.call("PATCH", path, null, token);
    }

    // ---- who may ----------------------------------------------------------------------------------------

    @Test
    void onlyAdminsGetThroughAndEveryRefusalIsAProblem() {
        long target = app.createUser("target", true, "user");
        List<String> paths = List.of("/api/admin/users", "/api/admin/stats/overview");
        List<String> patches =
                List.of("/api/admin/users/" + target + "/deactivate", "/api/admin/users/" + target + "/activate");
        String verified = app.tokenFor(app.createUser("plain", true, "user"), "user");
        String unverified = app.tokenFor(app.createUser("unverified", false, "user"), "user");
        // A token that claims admin for a user whose row says user: the database's role wins.
        long pretender = app.createUser("pretender", true, "user");
        String forged = app.tokenFor(pretender, "admin");
        for (String token : new String[] {null, verified, unverified, forged}) {
            int expected = token == null ? 401 : 403;
            for (String path : paths) {
                Reply r = api.get(path, token);
                assertThat(r.status()).as(path + " " + r).isEqualTo(expected);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            }
            for (String path : patches) {
                Reply r = patch(path, token);
                assertThat(r.status()).as(path + " " + r).isEqualTo(expected);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            }
        }
        assertThat(app.scalar("SELECT count(*) FROM users WHERE is_active AND id = " + target))
                .isEqualTo(1);

        String admin = admin();
        assertThat(api.get("/api/admin/users", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/admin/stats/overview", admin).status()).isEqualTo(200);
        assertThat(patch("/api/admin/users/999999999/deactivate", admin).status())
                .isEqualTo(404);
        assertThat(patch("/api/admin/users/999999999/activate", admin).status()).isEqualTo(404);
    }

    // ---- list -------------------------------------------------------------------------------------------

    @Test
    void usersAreListedPaginatedAndFiltered() {
        String admin = admin();
        long a = app.createUser("zqlist", true, "user");
        long b = app.createUser("zqlist", false, "user");
        long c = app.createUser("zqlist", true, "admin");
        long d = app.createUser("zqlist", true, "user");
        app.execute("UPDATE users SET is_active = FALSE WHERE id = " + d);

        Reply all = api.get("/api/admin/users?q=ZQLIST&page_size=3", admin);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        JsonNode page = all.json();
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(page.get("total_pages").asInt()).isEqualTo(2);
        assertThat(page.get("page_size").asInt()).isEqualTo(3);
        assertThat(page.get("items")).hasSize(3);
        assertThat(page.at("/items/0/id").asLong()).isEqualTo(a);
        assertThat(page.at("/items/0/email").asText()).endsWith("@example.com");
        assertThat(page.at("/items/0").has("password_hash")).isFalse();
        assertThat(api.get("/api/admin/users?q=zqlist&page=2&page_size=3", admin)
                        .json()
                        .get("items"))
                .hasSize(1);

        assertThat(ids(api.get("/api/admin/users?q=zqlist&is_verified=false", admin)))
                .containsExactly(b);
        assertThat(ids(api.get("/api/admin/users?q=zqlist&role=admin", admin))).containsExactly(c);
        assertThat(ids(api.get("/api/admin/users?q=zqlist&is_active=false", admin)))
                .containsExactly(d);
        assertThat(ids(api.get("/api/admin/users?q=zqlist&is_active=true&is_verified=true&role=user", admin)))
                .containsExactly(a);
        // q matches the email too, and its LIKE wildcards are plain characters.
        String emailOfA = app.text("SELECT email FROM users WHERE id = " + a);
        assertThat(ids(api.get("/api/admin/users?q=" + emailOfA.toUpperCase(), admin)))
                .containsExactly(a);
        assertThat(ids(api.get("/api/admin/users?q=zqlist%25", admin))).isEmpty();
        assertThat(ids(api.get("/api/admin/users?q=zq_ist", admin))).isEmpty();

        assertThat(api.get("/api/admin/users?role=root", admin).errorFields()).contains("role");
        assertThat(api.get("/api/admin/users?page_size=101", admin).errorFields())
                .contains("page_size");
        assertThat(api.get("/api/admin/users?is_active=maybe", admin).errorFields())
                .contains("is_active");
    }

    private static List<Long> ids(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().findValues("id").stream().map(JsonNode::asLong).toList();
    }

    // ---- deactivate / activate ----------------------------------------------------------------------------

    @Test
    void aDeactivatedUserIsRefusedAtOnceAndLeavesNothingCached() {
        String admin = admin();
        long user = app.createUser("deact", true, "user");
        long bystander = app.createUser("bystander", true, "user");
        String token = app.tokenFor(user, "user");
        app.execute("INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES (" + user
                + ", gen_random_uuid(), md5(random()::text) || md5(random()::text), now() + interval '1 day')");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (long id : new long[] {user, bystander}) {
            cache.set(ProfileCache.key(id), Map.of("id", id), Duration.ofMinutes(5));
            cache.set(StatsCache.userStatsKey(id), Map.of("id", id), Duration.ofMinutes(5));
            cache.set(StatsCache.dailyKey(id, today), Map.of("id", id), Duration.ofMinutes(5));
        }
        assertThat(api.get("/api/admin/users", token).status()).isEqualTo(403); // authenticated, not an admin
        assertThat(api.get("/api/admin/users", app.tokenFor(bystander, "user")).status())
                .isEqualTo(403);
        // Both authentication states are cached now: the deactivation must drop the user's, not rely on a miss.
        assertThat(cache.exists(AuthStateCache.key(user))).isTrue();

        Reply deactivated = patch("/api/admin/users/" + user + "/deactivate", admin);
        assertThat(deactivated.status()).as(deactivated.toString()).isEqualTo(200);
        assertThat(deactivated.json().get("is_active").asBoolean()).isFalse();
        assertThat(deactivated.json().get("id").asLong()).isEqualTo(user);
        assertThat(cache.exists(AuthStateCache.key(user))).isFalse();
        assertThat(api.get("/api/admin/users", token).status()).isEqualTo(401); // the same token, refused at once
        assertThat(app.scalar("SELECT count(*) FROM refresh_tokens WHERE revoked_at IS NULL AND user_id = " + user))
                .isZero();
        assertThat(cache.exists(ProfileCache.key(user))).isFalse();
        assertThat(cache.exists(StatsCache.userStatsKey(user))).isFalse();
        assertThat(cache.exists(StatsCache.dailyKey(user, today))).isFalse();
        assertThat(cache.exists(AuthStateCache.key(bystander))).isTrue();
        assertThat(cache.exists(ProfileCache.key(bystander))).isTrue();
        assertThat(cache.exists(StatsCache.userStatsKey(bystander))).isTrue();
        assertThat(cache.exists(StatsCache.dailyKey(bystander, today))).isTrue();

        Reply activated = patch("/api/admin/users/" + user + "/activate", admin);
        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(activated.json().get("is_active").asBoolean()).isTrue();
        // Reactivation does not bring the old sessions back: the token version moved. A new login's token works.
        assertThat(app.scalar("SELECT token_version FROM users WHERE id = " + user))
                .isEqualTo(1);
        assertThat(api.get("/api/admin/users", token).status()).isEqualTo(401);
        String relogged =
                app.context.getBean(JwtService.class).issue(user, "user", 1).token();
        assertThat(api.get("/api/admin/users", relogged).status()).isEqualTo(403);
    }

    @Test
    void anAdminCannotDeactivateThemself() {
        long adminId = app.createUser("selfadmin", true, "admin");
        String admin = app.tokenFor(adminId, "admin");
        Reply refused = patch("/api/admin/users/" + adminId + "/deactivate", admin);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(app.scalar("SELECT count(*) FROM users WHERE is_active AND id = " + adminId))
                .isEqualTo(1);
        assertThat(api.get("/api/admin/users", admin).status()).isEqualTo(200);
        // Another admin may.
        assertThat(patch("/api/admin/users/" + adminId + "/deactivate", admin()).status())
                .isEqualTo(200);
        assertThat(api.get("/api/admin/users", admin).status()).isEqualTo(401);
    }

    // ---- overview ---------------------------------------------------------------------------------------

    @Test
    void overviewCountsUsersActivitiesAndBlockedApps() {
        String admin = admin();
        JsonNode before = api.get("/api/admin/stats/overview", admin).json();
        long active = app.createUser("ov", true, "user");
        app.createUser("ov", false, "user");
        long inactive = app.createUser("ov", true, "user");
        app.execute("UPDATE users SET is_active = FALSE WHERE id = " + inactive);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        activity(active, 30, today);
        activity(active, 15, today);
        activity(active, 10, today.minusDays(6));
        activity(active, 99, today.minusDays(7));
        app.execute("INSERT INTO blocked_apps (user_id, app_name, is_blocked) VALUES (" + active + ", 'A', TRUE), ("
                + active + ", 'B', FALSE)");

        Reply reply = api.get("/api/admin/stats/overview", admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode after = reply.json();
        assertThat(after.get("date").asText()).isEqualTo(today.toString());
        assertDelta(before, after, "/users/total", 3);
        assertDelta(before, after, "/users/active", 1);
        assertDelta(before, after, "/users/unverified", 1);
        assertDelta(before, after, "/users/inactive", 1);
        assertDelta(before, after, "/users/admins", 0);
        assertThat(after.at("/users/active").asLong()
                        + after.at("/users/inactive").asLong()
                        + after.at("/users/unverified").asLong())
                .isEqualTo(after.at("/users/total").asLong());
        assertDelta(before, after, "/activities/today", 2);
        assertDelta(before, after, "/activities/minutes_today", 45);
        assertDelta(before, after, "/activities/last_7_days", 3);
        assertDelta(before, after, "/activities/minutes_last_7_days", 55);
        assertDelta(before, after, "/activities/total", 4);
        assertDelta(before, after, "/activities/total_minutes", 154);
        assertDelta(before, after, "/blocked_apps/total", 2);
        assertDelta(before, after, "/blocked_apps/blocked", 1);
    }

    @Test
    void challengeCountsAppearOnceTheirTableExists() {
        String admin = admin();
        if (app.scalar("SELECT count(*) FROM pg_class WHERE oid = to_regclass('public.challenges')") == 1) {
            // The challenges migration is here: its table is counted, whatever its rows.
            assertThat(api.get("/api/admin/stats/overview", admin)
                            .json()
                            .at("/challenges/total")
                            .isNumber())
                    .isTrue();
            return;
        }
        assertThat(api.get("/api/admin/stats/overview", admin).json().has("challenges"))
                .isFalse();
        app.execute("CREATE TABLE challenges (id BIGSERIAL PRIMARY KEY, status VARCHAR(20) NOT NULL)");
        try {
            app.execute("INSERT INTO challenges (status) VALUES ('active'), ('active'), ('pending')");
            JsonNode challenges =
                    api.get("/api/admin/stats/overview", admin).json().get("challenges");
            assertThat(challenges.get("total").asLong()).isEqualTo(3);
            assertThat(challenges.at("/by_status/active").asLong()).isEqualTo(2);
            assertThat(challenges.at("/by_status/pending").asLong()).isEqualTo(1);
        } finally {
            app.execute("DROP TABLE challenges");
        }
    }

    private static void activity(long userId, int minutes, LocalDate date) {
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (" + userId
                + ", 'X', " + minutes + ", DATE '" + date + "')");
    }

    private static void assertDelta(JsonNode before, JsonNode after, String pointer, long delta) {
        assertThat(after.at(pointer).isNumber()).as(pointer + " in " + after).isTrue();
        assertThat(after.at(pointer).asLong() - before.at(pointer).asLong())
                .as(pointer)
                .isEqualTo(delta);
    }
}
