package com.focusapi.blockedapps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The blocked-apps function through its Lambda handler on a real PostgreSQL. */
class BlockedAppsFunctionTest {
    private static FunctionTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new FunctionTestApp(Map.of());
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static Map<String, Object> limit(String appName, Integer minutes) {
        Map<String, Object> body = new HashMap<>();
        body.put("app_name", appName);
        if (minutes != null) {
            body.put("daily_limit_minutes", minutes);
        }
        return body;
    }

    /** An activity written behind the API's back: the blocked-apps function only reads them. */
    private static void used(long userId, String appName, int minutes, LocalDate date) {
        app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES (" + userId
                + ", '" + appName + "', " + minutes + ", DATE '" + date + "')");
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The counter's value for one app (its label is the normalised, lower-case name). */
    private static double counted(String metric, String appName) {
        Counter counter = app.context
                .getBean(MeterRegistry.class)
                .find(metric)
                .tag(MetricNames.TAG_APP_NAME, appName.toLowerCase())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    // ---- CRUD and derived fields ----------------------------------------------------------------------

    @Test
    void createReadUpdateDeleteWithUsageDerivedFromTodaysActivities() {
        long id = app.createUser("crud", true, "user");
        String token = app.tokenFor(id, "user");
        Reply created = api.post("/api/blocked-apps", limit("YouTube", 30), token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode b = created.json();
        long limitId = b.get("id").asLong();
        assertThat(b.get("app_name").asText()).isEqualTo("YouTube");
        assertThat(b.get("app_category").asText()).isEqualTo("social_media");
        assertThat(b.get("daily_limit_minutes").asInt()).isEqualTo(30);
        assertThat(b.get("notify_at_percentage").asInt()).isEqualTo(80);
        assertThat(b.get("is_blocked").asBoolean()).isFalse();
        assertThat(b.get("block_on_weekends").asBoolean()).isFalse();
        assertThat(b.get("block_start_time").isNull()).isTrue();
        assertThat(b.get("usage_today_minutes").asInt()).isZero();
        assertThat(b.get("usage_percentage").asDouble()).isZero();
        assertThat(b.get("remaining_minutes").asInt()).isEqualTo(30);
        assertThat(b.get("should_be_blocked").asBoolean()).isFalse();
        assertThat(b.has("app_package")).isTrue();

        // Only today's activities of that app (any case) count; yesterday's and other apps' do not.
        used(id, "youtube", 20, today());
        used(id, "YouTube", 100, today().minusDays(1));
        used(id, "Slack", 50, today());
        JsonNode read = api.get("/api/blocked-apps/" + limitId, token).json();
        assertThat(read.get("usage_today_minutes").asInt()).isEqualTo(20);
        assertThat(read.get("usage_percentage").asDouble()).isEqualTo(66.7);
        assertThat(read.get("remaining_minutes").asInt()).isEqualTo(10);
        assertThat(read.get("should_be_blocked").asBoolean()).isFalse();

        used(id, "YouTube", 15, today());
        JsonNode over = api.get("/api/blocked-apps/status/YOUTUBE", token).json();
        assertThat(over.get("id").asLong()).isEqualTo(limitId);
        assertThat(over.get("usage_today_minutes").asInt()).isEqualTo(35);
        assertThat(over.get("usage_percentage").asDouble()).isEqualTo(116.7);
        assertThat(over.get("remaining_minutes").asInt()).isZero();
        assertThat(over.get("should_be_blocked").asBoolean()).isTrue();
        assertThat(api.get("/api/blocked-apps/status/Slack", token).status()).isEqualTo(404);

        // PUT changes what it names, keeps the rest.
        Map<String, Object> change = new HashMap<>();
        change.put("daily_limit_minutes", 40);
        change.put("block_start_time", "22:00");
        change.put("block_end_time", "06:30");
        change.put("block_on_weekends", true);
        Reply updated = api.call("PUT", "/api/blocked-apps/" + limitId, change, token);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("daily_limit_minutes").asInt()).isEqualTo(40);
        assertThat(updated.json().get("remaining_minutes").asInt()).isEqualTo(5);
        assertThat(updated.json().get("should_be_blocked").asBoolean()).isFalse();
        assertThat(updated.json().get("block_start_time").asText()).startsWith("22:00");
        assertThat(updated.json().get("block_end_time").asText()).startsWith("06:30");
        assertThat(updated.json().get("block_on_weekends").asBoolean()).isTrue();
        assertThat(updated.json().get("app_name").asText()).isEqualTo("YouTube");
        assertThat(updated.json().get("notify_at_percentage").asInt()).isEqualTo(80);
        assertThat(app.scalar("SELECT daily_limit_minutes FROM blocked_apps WHERE id = " + limitId))
                .isEqualTo(40);

        assertThat(api.call("DELETE", "/api/blocked-apps/" + limitId, null, token)
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/blocked-apps/" + limitId, token).status()).isEqualTo(404);
        assertThat(api.call("DELETE", "/api/blocked-apps/" + limitId, null, token)
                        .status())
                .isEqualTo(404);
        assertThat(app.scalar("SELECT count(*) FROM blocked_apps WHERE user_id = " + id))
                .isZero();
    }

    @Test
    void listIsPaginatedAndHoldsOnlyTheCallersLimits() {
        long id = app.createUser("list", true, "user");
        String token = app.tokenFor(id, "user");
        for (String name : List.of("Delta", "alpha", "Charlie", "bravo", "Echo")) {
            assertThat(api.post("/api/blocked-apps", limit(name, 10), token).status())
                    .isEqualTo(201);
        }
        String other = app.tokenFor(app.createUser("list_other", true, "user"), "user");
        api.post("/api/blocked-apps", limit("Zulu", 10), other);
        used(id, "alpha", 4, today());

        Reply first = api.get("/api/blocked-apps?page_size=2", token);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode page = first.json();
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("page_size").asInt()).isEqualTo(2);
        assertThat(page.get("total_pages").asInt()).isEqualTo(3);
        assertThat(page.at("/items/0/app_name").asText()).isEqualTo("alpha");
        assertThat(page.at("/items/0/usage_today_minutes").asInt()).isEqualTo(4);
        assertThat(page.at("/items/1/app_name").asText()).isEqualTo("bravo");
        JsonNode last = api.get("/api/blocked-apps?page_size=2&page=3", token).json();
        assertThat(last.get("items")).hasSize(1);
        assertThat(last.at("/items/0/app_name").asText()).isEqualTo("Echo");
        assertField(api.get("/api/blocked-apps?page_size=101", token), "page_size");
        assertField(api.get("/api/blocked-apps?page=0", token), "page");
    }

    @Test
    void aLimitCreatedUnderTodaysUsageBlocksAtOnceAndCountsOnce() {
        long id = app.createUser("late", true, "user");
        String token = app.tokenFor(id, "user");
        used(id, "LateApp", 50, today());
        Reply created = api.post("/api/blocked-apps", limit("LateApp", 30), token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("is_blocked").asBoolean()).isTrue();
        assertThat(created.json().get("should_be_blocked").asBoolean()).isTrue();
        assertThat(created.json().get("last_blocked_at").isNull()).isFalse();
        assertThat(counted(MetricNames.LIMITS_REACHED, "LateApp")).isEqualTo(1);
        assertThat(counted(MetricNames.APPS_BLOCKED, "LateApp")).isEqualTo(1);

        // Unblocked by hand and lowered again the same day: the crossing of today was counted already.
        Map<String, Object> change = new HashMap<>();
        change.put("is_blocked", false);
        change.put("daily_limit_minutes", 20);
        Reply updated =
                api.call("PUT", "/api/blocked-apps/" + created.json().get("id").asLong(), change, token);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("is_blocked").asBoolean()).isFalse();
        assertThat(updated.json().get("should_be_blocked").asBoolean()).isTrue();
        assertThat(counted(MetricNames.LIMITS_REACHED, "LateApp")).isEqualTo(1);
        assertThat(app.scalar("SELECT count(*) FROM limit_events WHERE kind = 'blocked' AND user_id = " + id))
                .isEqualTo(1);
    }

    // ---- one limit per app ------------------------------------------------------------------------------

    @Test
    void aSecondLimitForTheSameAppIsAConflictWhateverItsCase() {
        long id = app.createUser("dup", true, "user");
        String token = app.tokenFor(id, "user");
        assertThat(api.post("/api/blocked-apps", limit("Instagram", 30), token).status())
                .isEqualTo(201);
        Reply duplicate = api.post("/api/blocked-apps", limit("  instagram ", 45), token);
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
        assertThat(duplicate.errorFields()).contains("app_name");
        assertThat(app.scalar("SELECT count(*) FROM blocked_apps WHERE user_id = " + id))
                .isEqualTo(1);

        // Renaming another limit onto it is the same conflict, and changes nothing.
        long tiktok = api.post("/api/blocked-apps", limit("TikTok", 30), token)
                .json()
                .get("id")
                .asLong();
        Map<String, Object> rename = limit("INSTAGRAM", 99);
        Reply renamed = api.call("PUT", "/api/blocked-apps/" + tiktok, rename, token);
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(409);
        assertThat(app.text("SELECT app_name || ':' || daily_limit_minutes FROM blocked_apps WHERE id = " + tiktok))
                .isEqualTo("TikTok:30");

        // Another user's limit of the same app is theirs.
        String other = app.tokenFor(app.createUser("dup_other", true, "user"), "user");
        assertThat(api.post("/api/blocked-apps", limit("Instagram", 30), other).status())
                .isEqualTo(201);
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        long id = app.createUser("bad", true, "user");
        String token = app.tokenFor(id, "user");
        assertField(api.post("/api/blocked-apps", limit("X", -5), token), "daily_limit_minutes");
        assertField(api.post("/api/blocked-apps", limit("X", 0), token), "daily_limit_minutes");
        assertField(api.post("/api/blocked-apps", limit("X", 1441), token), "daily_limit_minutes");
        for (int notify : new int[] {0, 101, -1}) {
            Map<String, Object> body = limit("X", 30);
            body.put("notify_at_percentage", notify);
            assertField(api.post("/api/blocked-apps", body, token), "notify_at_percentage");
        }
        Map<String, Object> noName = limit("X", 30);
        noName.remove("app_name");
        assertField(api.post("/api/blocked-apps", noName, token), "app_name");
        assertField(api.post("/api/blocked-apps", limit("   ", 30), token), "app_name");
        assertField(api.post("/api/blocked-apps", limit("x".repeat(101), 30), token), "app_name");
        Map<String, Object> halfWindow = limit("X", 30);
        halfWindow.put("block_start_time", "22:00");
        assertField(api.post("/api/blocked-apps", halfWindow, token), "block_end_time");
        Map<String, Object> badTime = limit("X", 30);
        badTime.put("block_start_time", "25:99");
        badTime.put("block_end_time", "06:00");
        assertThat(api.post("/api/blocked-apps", badTime, token).status()).isEqualTo(400);
        Map<String, Object> unknown = limit("X", 30);
        unknown.put("user_id", 1);
        assertThat(api.post("/api/blocked-apps", unknown, token).status()).isEqualTo(400);
        assertThat(app.scalar("SELECT count(*) FROM blocked_apps WHERE user_id = " + id))
                .isZero();

        long limitId = api.post("/api/blocked-apps", limit("Kept", 30), token)
                .json()
                .get("id")
                .asLong();
        assertField(api.call("PUT", "/api/blocked-apps/" + limitId, limit("Kept", -1), token), "daily_limit_minutes");
        assertField(api.call("PUT", "/api/blocked-apps/" + limitId, limit(" ", 10), token), "app_name");
        assertThat(app.text("SELECT app_name || ':' || daily_limit_minutes FROM blocked_apps WHERE id = " + limitId))
                .isEqualTo("Kept:30");
    }

    // ---- authorization ----------------------------------------------------------------------------------

    @Test
    void everyRouteNeedsAVerifiedAccountAndSeesOnlyItsOwnLimits() {
        long ownerId = app.createUser("owner", true, "user");
        String owner = app.tokenFor(ownerId, "user");
        long limitId = api.post("/api/blocked-apps", limit("Bank", 30), owner)
                .json()
                .get("id")
                .asLong();
        String path = "/api/blocked-apps/" + limitId;

        for (Reply r : routes(path, null)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        String unverified = app.tokenFor(app.createUser("unverified", false, "user"), "user");
        for (Reply r : routes(path, unverified)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        // Another user, an admin included: the limit does not exist for them.
        for (String intruder : List.of(
                app.tokenFor(app.createUser("intruder", true, "user"), "user"),
                app.tokenFor(app.createUser("admin", true, "admin"), "admin"))) {
            for (Reply r : List.of(
                    api.get(path, intruder),
                    api.call("PUT", path, limit("Hacked", 1), intruder),
                    api.call("DELETE", path, null, intruder))) {
                assertThat(r.status()).as(r.toString()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("Bank");
            }
            assertThat(api.get("/api/blocked-apps/status/Bank", intruder).status())
                    .isEqualTo(404);
            assertThat(api.get("/api/blocked-apps", intruder)
                            .json()
                            .get("total")
                            .asInt())
                    .isZero();
        }
        assertThat(app.text("SELECT app_name || ':' || daily_limit_minutes FROM blocked_apps WHERE id = " + limitId))
                .isEqualTo("Bank:30");
        assertThat(app.scalar("SELECT count(*) FROM blocked_apps")).isPositive();
        // The owner does everything.
        assertThat(api.get(path, owner).status()).isEqualTo(200);
        assertThat(api.get("/api/blocked-apps/status/bank", owner).status()).isEqualTo(200);
        assertThat(api.call("PUT", path, limit("Bank", 25), owner).status()).isEqualTo(200);
        assertThat(api.call("DELETE", path, null, owner).status()).isEqualTo(204);
    }

    private static List<Reply> routes(String path, String token) {
        return List.of(
                api.post("/api/blocked-apps", limit("Anything", 10), token),
                api.get("/api/blocked-apps", token),
                api.get(path, token),
                api.call("PUT", path, limit("Anything", 10), token),
                api.call("DELETE", path, null, token),
                api.get("/api/blocked-apps/status/Bank", token));
    }

    private static void assertField(Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.errorFields()).as(reply.toString()).contains(field);
    }
}
