package com.focusapi.activities;

import static com.focusapi.shared.testing.ProblemAssertions.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The activities function through its Lambda handler on a real PostgreSQL. */
class ActivitiesFunctionTest {
    private static ActivitiesTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new ActivitiesTestApp(Map.of());
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static Map<String, Object> activity(String appName, int minutes, String date) {
        Map<String, Object> body = new HashMap<>();
        body.put("app_name", appName);
        body.put("duration_minutes", minutes);
        body.put("activity_date", date);
        return body;
    }

    private static String verifiedToken(String prefix) {
        long id = app.createUser(prefix, true, "user");
        return app.tokenFor(id, "user");
    }

    // ---- create, read, list, update, delete -----------------------------------------------------------

    @Test
    void createReturnsTheActivityWithDefaults() {
        String token = verifiedToken("create");
        Map<String, Object> body = activity("YouTube", 30, "2026-03-10");
        body.put("start_time", "2026-03-10T20:00:00+01:00");
        body.put("end_time", "2026-03-10T20:30:00+01:00");
        body.put("device_type", "android");
        Reply created = api.post("/api/activities", body, token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode a = created.json();
        assertThat(a.get("app_category").asText()).isEqualTo("social_media");
        assertThat(a.get("activity_date").asText()).isEqualTo("2026-03-10");
        assertThat(a.get("duration_minutes").asInt()).isEqualTo(30);
        assertThat(a.get("user_id").asLong()).isPositive();
        assertThat(a.get("start_time").asText()).matches("2026-03-10T19:00(:00)?Z|2026-03-10T20:00(:00)?\\+01:00");
        assertThat(a.has("app_package")).isTrue();
        assertThat(api.get("/api/activities/" + a.get("id").asLong(), token).json())
                .isEqualTo(a);
    }

    @Test
    void aDatetimeWhereADateIsExpectedKeepsItsDatePart() {
        String token = verifiedToken("lenient");
        Reply created = api.post("/api/activities", activity("Maps", 5, "2026-04-01T23:30:00+02:00"), token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("activity_date")).isEqualTo("2026-04-01");
        Map<String, Object> fromStart = activity("Maps", 5, null);
        fromStart.remove("activity_date");
        fromStart.put("start_time", "2026-04-02T08:00:00+02:00");
        assertThat(api.post("/api/activities", fromStart, token).text("activity_date"))
                .isEqualTo("2026-04-02");
    }

    @Test
    void unverifiedAccountsGet403AndNothingIsWritten() {
        long id = app.createUser("unverified", false, "user");
        String token = app.tokenFor(id, "user");
        Reply denied = api.post("/api/activities", activity("YouTube", 30, "2026-03-10"), token);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/activities", token).status()).isEqualTo(403);
        assertThat(api.get("/api/activities/stats/daily?date=2026-03-10", token).status())
                .isEqualTo(403);
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isZero();
        assertThat(api.post("/api/activities", activity("YouTube", 30, "2026-03-10"), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        long id = app.createUser("bad", true, "user");
        String token = app.tokenFor(id, "user");
        assertField(api.post("/api/activities", activity("YouTube", 0, "2026-03-10"), token), "duration_minutes");
        assertField(api.post("/api/activities", activity("YouTube", -5, "2026-03-10"), token), "duration_minutes");
        assertField(api.post("/api/activities", activity("YouTube", 1441, "2026-03-10"), token), "duration_minutes");
        assertField(api.post("/api/activities", activity("", 10, "2026-03-10"), token), "app_name");
        assertField(api.post("/api/activities", activity("x".repeat(101), 10, "2026-03-10"), token), "app_name");
        Map<String, Object> noName = activity("x", 10, "2026-03-10");
        noName.remove("app_name");
        assertField(api.post("/api/activities", noName, token), "app_name");
        Map<String, Object> noMinutes = activity("x", 10, "2026-03-10");
        noMinutes.remove("duration_minutes");
        assertField(api.post("/api/activities", noMinutes, token), "duration_minutes");
        Map<String, Object> backwards = activity("x", 10, "2026-03-10");
        backwards.put("start_time", "2026-03-10T20:00:00Z");
        backwards.put("end_time", "2026-03-10T19:59:00Z");
        assertField(api.post("/api/activities", backwards, token), "end_time");
        Map<String, Object> device = activity("x", 10, "2026-03-10");
        device.put("device_type", "d".repeat(51));
        assertField(api.post("/api/activities", device, token), "device_type");

        Map<String, Object> unknown = activity("x", 10, "2026-03-10");
        unknown.put("user_id", 1);
        Reply unknownField = api.post("/api/activities", unknown, token);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.body()).contains("user_id");
        assertThat(api.post("/api/activities", "{\"app_name\": \"x\", ", token).status())
                .isEqualTo(400);
        assertThat(api.post("/api/activities", activity("x", 10, "10/03/2026"), token)
                        .status())
                .isEqualTo(400);

        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isZero();
    }

    @Test
    void listFiltersPaginatesAndShowsOnlyOwnActivities() {
        String token = verifiedToken("list");
        String other = verifiedToken("other");
        for (int day = 1; day <= 5; day++) {
            api.post("/api/activities", activity("YouTube", day, "2026-05-0" + day), token);
            api.post("/api/activities", activity("Slack", 10 + day, "2026-05-0" + day), token);
        }
        api.post("/api/activities", activity("YouTube", 99, "2026-05-03"), other);

        Reply all = api.get("/api/activities?page_size=4", token);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().get("total").asInt()).isEqualTo(10);
        assertThat(all.json().get("total_pages").asInt()).isEqualTo(3);
        assertThat(all.json().get("page").asInt()).isEqualTo(1);
        assertThat(all.json().get("page_size").asInt()).isEqualTo(4);
        assertThat(all.json().get("items")).hasSize(4);
        assertThat(all.json().at("/items/0/activity_date").asText()).isEqualTo("2026-05-05");
        assertThat(api.get("/api/activities?page_size=4&page=3", token).json().get("items"))
                .hasSize(2);

        Reply filtered = api.get("/api/activities?app=youtube&start_date=2026-05-02&end_date=2026-05-04", token);
        assertThat(filtered.json().get("total").asInt()).isEqualTo(3);
        filtered.json().get("items").forEach(i -> {
            assertThat(i.get("app_name").asText()).isEqualTo("YouTube");
            assertThat(i.get("duration_minutes").asInt()).isNotEqualTo(99);
        });
        assertField(api.get("/api/activities?page_size=101", token), "page_size");
        assertField(api.get("/api/activities?page=0", token), "page");
        assertField(api.get("/api/activities?start_date=2026-05-04&end_date=2026-05-02", token), "end_date");
    }

    @Test
    void anotherUsersActivityIsNotFound() {
        String owner = verifiedToken("owner");
        String intruder = verifiedToken("intruder");
        long id = api.post("/api/activities", activity("Bank", 3, "2026-06-01"), owner)
                .json()
                .get("id")
                .asLong();
        for (Reply r : List.of(
                api.get("/api/activities/" + id, intruder),
                api.call("PUT", "/api/activities/" + id, activity("Hacked", 1, "2026-06-01"), intruder),
                api.call("DELETE", "/api/activities/" + id, null, intruder))) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("Bank");
        }
        assertThat(api.get("/api/activities/" + id, owner).text("app_name")).isEqualTo("Bank");
    }

    @Test
    void updateAndDeleteMoveTheStatistics() {
        String token = verifiedToken("move");
        long id = api.post("/api/activities", activity("Chess", 40, "2026-07-01"), token)
                .json()
                .get("id")
                .asLong();
        assertThat(api.get("/api/activities/stats/daily?date=2026-07-01", token)
                        .json()
                        .get("total_minutes")
                        .asInt())
                .isEqualTo(40);

        Reply updated = api.call("PUT", "/api/activities/" + id, activity("Chess", 25, "2026-07-02"), token);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(api.get("/api/activities/stats/daily?date=2026-07-01", token)
                        .json()
                        .get("total_minutes")
                        .asInt())
                .isZero();
        assertThat(api.get("/api/activities/stats/daily?date=2026-07-02", token)
                        .json()
                        .get("total_minutes")
                        .asInt())
                .isEqualTo(25);
        assertField(
                api.call("PUT", "/api/activities/" + id, activity("Chess", 2000, "2026-07-02"), token),
                "duration_minutes");

        assertThat(api.call("DELETE", "/api/activities/" + id, null, token).status())
                .isEqualTo(204);
        assertThat(api.get("/api/activities/" + id, token).status()).isEqualTo(404);
        assertThat(api.get("/api/activities/stats/daily?date=2026-07-02", token)
                        .json()
                        .get("total_minutes")
                        .asInt())
                .isZero();
    }

    // ---- statistics ---------------------------------------------------------------------------------

    @Test
    void dailyWeeklyAndPerAppStatistics() {
        String token = verifiedToken("stats");
        api.post("/api/activities", activity("YouTube", 45, "2026-08-10"), token);
        api.post("/api/activities", activity("YouTube", 15, "2026-08-10"), token);
        api.post("/api/activities", activity("Slack", 30, "2026-08-10"), token);
        api.post("/api/activities", activity("Slack", 100, "2026-08-07"), token);
        api.post("/api/activities", activity("Old", 500, "2026-08-03"), token); // outside the week ending 08-10

        JsonNode daily =
                api.get("/api/activities/stats/daily?date=2026-08-10", token).json();
        assertThat(daily.get("date").asText()).isEqualTo("2026-08-10");
        assertThat(daily.get("total_minutes").asInt()).isEqualTo(90);
        assertThat(daily.get("total_hours").asDouble()).isEqualTo(1.5);
        assertThat(daily.get("apps_used").asInt()).isEqualTo(2);
        assertThat(daily.get("most_used_app").asText()).isEqualTo("YouTube");
        assertThat(daily.get("most_used_app_minutes").asInt()).isEqualTo(60);
        assertThat(daily.at("/apps/0/session_count").asInt()).isEqualTo(2);
        assertThat(daily.at("/apps/0/average_session_minutes").asDouble()).isEqualTo(30.0);
        assertThat(daily.at("/apps/0").has("last_used")).isTrue();

        JsonNode weekly = api.get("/api/activities/stats/weekly?end_date=2026-08-10", token)
                .json();
        assertThat(weekly.get("start_date").asText()).isEqualTo("2026-08-04");
        assertThat(weekly.get("total_minutes").asInt()).isEqualTo(190);
        assertThat(weekly.get("daily_average_minutes").asDouble()).isEqualTo(27.1);
        assertThat(weekly.get("apps_used").asInt()).isEqualTo(2);
        assertThat(weekly.at("/top_apps/0/app_name").asText()).isEqualTo("Slack");

        JsonNode slack = api.get("/api/activities/stats/apps/Slack?start_date=2026-08-01&end_date=2026-08-10", token)
                .json();
        assertThat(slack.get("total_minutes").asInt()).isEqualTo(130);
        assertThat(slack.get("session_count").asInt()).isEqualTo(2);
        assertThat(slack.get("days")).hasSize(2);
        assertField(
                api.get("/api/activities/stats/apps/Slack?start_date=2026-08-10&end_date=2026-08-01", token),
                "end_date");
        Reply badDate = api.get("/api/activities/stats/daily?date=10-08-2026", token);
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.header("Content-Type")).startsWith("application/problem+json");
        // A day the month does not have is refused, as in a body, not read as the month's last day.
        assertField(api.get("/api/activities/stats/daily?date=2026-02-30", token), "date");
        assertField(api.get("/api/activities?start_date=2026-02-31", token), "start_date");
        assertField(api.get("/api/activities/stats/weekly?end_date=2026-04-31", token), "end_date");

        JsonNode empty =
                api.get("/api/activities/stats/daily?date=2026-01-01", token).json();
        assertThat(empty.get("total_minutes").asInt()).isZero();
        assertThat(empty.get("most_used_app").isNull()).isTrue();
    }

    // ---- Idempotency-Key ------------------------------------------------------------------------------

    @Test
    void sameKeyAndBodyReturnsTheFirstAnswerWithoutASecondRow() {
        long id = app.createUser("idem", true, "user");
        String token = app.tokenFor(id, "user");
        Map<String, String> key = Map.of("Idempotency-Key", "key-1");
        Reply first = api.call("POST", "/api/activities", activity("Netflix", 50, "2026-09-01"), token, key);
        Reply again = api.call("POST", "/api/activities", activity("Netflix", 50, "2026-09-01"), token, key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isEqualTo(1);

        Reply conflict = api.call("POST", "/api/activities", activity("Netflix", 51, "2026-09-01"), token, key);
        assertThat(conflict.status()).isEqualTo(422);
        assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isEqualTo(1);

        // Another key, or no key, is another activity; the same key of another user is that user's own.
        api.call(
                "POST",
                "/api/activities",
                activity("Netflix", 50, "2026-09-01"),
                token,
                Map.of("Idempotency-Key", "key-2"));
        api.post("/api/activities", activity("Netflix", 50, "2026-09-01"), token);
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isEqualTo(3);
        long otherId = app.createUser("idem2", true, "user");
        assertThat(api.call(
                                "POST",
                                "/api/activities",
                                activity("Netflix", 50, "2026-09-01"),
                                app.tokenFor(otherId, "user"),
                                key)
                        .header("Idempotent-Replayed"))
                .isNull();

        assertField(
                api.call(
                        "POST",
                        "/api/activities",
                        activity("Netflix", 50, "2026-09-01"),
                        token,
                        Map.of("Idempotency-Key", "k".repeat(256))),
                "Idempotency-Key");
    }

    @Test
    void aKeyOlderThan24HoursIsFree() {
        long id = app.createUser("stale", true, "user");
        String token = app.tokenFor(id, "user");
        Map<String, String> key = Map.of("Idempotency-Key", "old-key");
        api.call("POST", "/api/activities", activity("Netflix", 50, "2026-09-01"), token, key);
        app.execute("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = " + id);
        Reply fresh = api.call("POST", "/api/activities", activity("Netflix", 60, "2026-09-01"), token, key);
        assertThat(fresh.status()).isEqualTo(201);
        assertThat(fresh.header("Idempotent-Replayed")).isNull();
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isEqualTo(2);
    }

    @Test
    void hundredConcurrentRetriesWithOneKeyWriteOneRow() throws Exception {
        long id = app.createUser("race", true, "user");
        String token = app.tokenFor(id, "user");
        Map<String, String> key = Map.of("Idempotency-Key", "race-key");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                replies.add(pool.submit(
                        () -> api.call("POST", "/api/activities", activity("TikTok", 12, "2026-10-01"), token, key)));
            }
            Set<Long> ids = new HashSet<>();
            for (Future<Reply> f : replies) {
                Reply r = f.get(120, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
                ids.add(r.json().get("id").asLong());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isEqualTo(1);
        assertThat(app.scalar("SELECT count(*) FROM idempotency_keys WHERE user_id = " + id))
                .isEqualTo(1);
    }

    // ---- strict and plausible input (issue 14) ---------------------------------------------------------

    @Test
    void aBodyThatIsNotAnObjectIs400NotA500() {
        String token = verifiedToken("bare");
        for (String body : new String[] {"1", "true", "1.5", "[1]", "[{}]", "null"}) {
            Reply reply = api.post("/api/activities", body, token);
            assertField(reply, "body");
            assertThat(reply.text("detail")).as(body).contains("JSON object");
        }
    }

    @Test
    void scalarsOfTheWrongTypeAreRefusedNotCoerced() {
        String token = verifiedToken("coerce");
        assertField(
                api.post("/api/activities", "{\"app_name\":\"A\",\"duration_minutes\":\"5\"}", token),
                "duration_minutes");
        assertField(
                api.post("/api/activities", "{\"app_name\":\"A\",\"duration_minutes\":5.7}", token),
                "duration_minutes");
        assertField(api.post("/api/activities", "{\"app_name\":123,\"duration_minutes\":5}", token), "app_name");
        Reply huge = api.post("/api/activities", "{\"app_name\":\"A\",\"duration_minutes\":99999999999999}", token);
        assertField(huge, "duration_minutes");
        assertThat(huge.text("detail")).doesNotContain("not valid JSON");
        assertThat(api.get("/api/activities", token).json().get("total").asInt())
                .isZero();
    }

    @Test
    void implausibleDatesAre422() {
        String token = verifiedToken("dates");
        String future =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString();
        for (String date : new String[] {future, "1999-12-31", "0000-01-01"}) {
            Reply reply = api.post("/api/activities", activity("Clock", 5, date), token);
            assertField(reply, 422, "activity_date");
        }
        String tomorrow =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
        assertThat(api.post("/api/activities", activity("Clock", 5, tomorrow), token)
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/activities", activity("Clock", 5, "2000-01-01"), token)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aDayCannotHoldMoreThan1440MinutesOnCreateOrUpdate() {
        String token = verifiedToken("day");
        Reply first = api.post("/api/activities", activity("Long", 1440, "2026-02-02"), token);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertField(api.post("/api/activities", activity("Long", 1440, "2026-02-02"), token), 422, "duration_minutes");
        assertField(
                api.call(
                        "POST",
                        "/api/activities",
                        activity("Long", 1, "2026-02-02"),
                        token,
                        Map.of("Idempotency-Key", "day-1")),
                422,
                "duration_minutes");
        assertThat(api.get("/api/activities?start_date=2026-02-02&end_date=2026-02-02", token)
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        // An update replaces its own minutes: 1440 again is fine, moving another full day onto it is not.
        long id = first.json().get("id").asLong();
        assertThat(api.call("PUT", "/api/activities/" + id, activity("Long", 1440, "2026-02-02"), token)
                        .status())
                .isEqualTo(200);
        Reply other = api.post("/api/activities", activity("Other", 600, "2026-02-03"), token);
        assertThat(other.status()).isEqualTo(201);
        assertField(
                api.call(
                        "PUT",
                        "/api/activities/" + other.json().get("id").asLong(),
                        activity("Other", 600, "2026-02-02"),
                        token),
                422,
                "duration_minutes");
        assertThat(api.get("/api/activities/" + other.json().get("id").asLong(), token)
                        .text("activity_date"))
                .isEqualTo("2026-02-03");
    }

    @Test
    void deviceTypeTakesTheDocumentedValues() {
        String token = verifiedToken("device");
        Map<String, Object> body = activity("Phone", 5, "2026-02-02");
        body.put("device_type", "toaster");
        assertField(api.post("/api/activities", body, token), "device_type");
        for (String device : new String[] {"ios", "android", "web", "windows", "macos", "linux", "other"}) {
            body.put("device_type", device);
            assertThat(api.post("/api/activities", body, token).status())
                    .as(device)
                    .isEqualTo(201);
        }
    }

    @Test
    void aHundredEmojiFitInAppName() {
        String token = verifiedToken("emoji");
        String emoji = "\uD83D\uDCF1".repeat(100);
        Reply created = api.post("/api/activities", activity(emoji, 5, "2026-02-02"), token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("app_name")).isEqualTo(emoji);
        assertField(api.post("/api/activities", activity(emoji + "x", 5, "2026-02-02"), token), "app_name");
    }

    // ---- inputs that reached PostgreSQL as a 500 before (issue 12): a 4xx naming the field, nothing written --

    private static Map<String, Object> activityWith(String field, Object value) {
        Map<String, Object> body = new HashMap<>();
        body.put("app_name", "YouTube");
        body.put("duration_minutes", 10);
        body.put("activity_date", LocalDate.now(ZoneOffset.UTC).toString());
        body.put(field, value);
        return body;
    }

    /**
     * Timestamps PostgreSQL cannot hold (year 300000) are refused by the JSON reader (400); those it can hold
     * but no activity has (2500, 1999) by the date rule (422). Either way nothing is written.
     */
    @Test
    void startAndEndTimesOutsideThePlausibleRangeAre4xxAndNothingIsWritten() {
        long user = app.createUser("years", true, "user");
        String token = app.tokenFor(user, "user");
        Object[][] cases = {
            {"start_time", "+300000-01-01T10:00:00Z", 400},
            {"end_time", "+300000-01-01T10:00:00Z", 400},
            {"start_time", "-4714-01-01T10:00:00Z", 400},
            {"start_time", "2500-01-01T10:00:00Z", 422},
            {"end_time", "2500-01-01T10:00:00Z", 422},
            {"start_time", "1999-12-31T10:00:00Z", 422},
        };
        for (Object[] c : cases) {
            String field = (String) c[0];
            Map<String, Object> body = activityWith(field, c[1]);
            assertField(api.post("/api/activities", body, token), (int) c[2], field);
        }
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + user))
                .isZero();

        // An update gets the same answer and leaves the row as it was.
        long id = api.post("/api/activities", activityWith("session_id", "s1"), token)
                .json()
                .get("id")
                .asLong();
        for (Object[] c : cases) {
            String field = (String) c[0];
            Reply update = api.call("PUT", "/api/activities/" + id, activityWith(field, c[1]), token);
            assertField(update, (int) c[2], field);
        }
        assertThat(app.text("SELECT coalesce(start_time::text, 'none') FROM activities WHERE id = " + id))
                .isEqualTo("none");
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T10:00:00Z";
        Reply plausible = api.post("/api/activities", activityWith("start_time", yesterday), token);
        assertThat(plausible.status()).as(plausible.toString()).isEqualTo(201);
    }

    @Test
    void aNulInAStringIsA400NamingItAndNothingIsWritten() {
        long user = app.createUser("nul", true, "user");
        String token = app.tokenFor(user, "user");
        assertField(api.post("/api/activities", activityWith("app_name", "You\u0000Tube"), token), "app_name");
        assertField(api.post("/api/activities", activityWith("session_id", "\u0000"), token), "session_id");
        assertField(api.get("/api/activities?app=You\u0000Tube", token), "app");
        Reply path = api.get("/api/activities/stats/apps/You%00Tube", token);
        assertThat(path.status()).as(path.toString()).isEqualTo(400);
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + user))
                .isZero();
    }

    @Test
    void aPageWhoseOffsetWouldOverflowIsA400() {
        String token = app.tokenFor(app.createUser("deep", true, "user"), "user");
        assertField(api.get("/api/activities?page=21474838&page_size=100", token), "page");
        Reply last = api.get("/api/activities?page=100000&page_size=100", token);
        assertThat(last.status()).as(last.toString()).isEqualTo(200);
    }
}
