package com.focusapi.activities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daily limits (blocked apps) as the activities function applies them: the {@code limit} block of the
 * answers, the block on first reaching the limit, and each crossing counted once per user, app and day,
 * under concurrent posts too. Real PostgreSQL; the limits are seeded with SQL (the blocked-apps function's).
 */
class ActivityLimitsTest {
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

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static Map<String, Object> activity(String appName, int minutes, LocalDate date) {
        Map<String, Object> body = new HashMap<>();
        body.put("app_name", appName);
        body.put("duration_minutes", minutes);
        body.put("activity_date", date.toString());
        return body;
    }

    private static void limitOf(long userId, String appName, int minutes, int notifyAt) {
        app.execute("INSERT INTO blocked_apps (user_id, app_name, daily_limit_minutes, notify_at_percentage) VALUES ("
                + userId + ", '" + appName + "', " + minutes + ", " + notifyAt + ")");
    }

    private static double counted(String metric, String appName) {
        Counter counter = app.context
                .getBean(MeterRegistry.class)
                .find(metric)
                .tag(MetricNames.TAG_APP_NAME, appName.toLowerCase())
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertLimit(Reply reply, int usage, boolean blocked, boolean warning) {
        assertThat(reply.status()).as(reply.toString()).isBetween(200, 201);
        JsonNode limit = reply.json().get("limit");
        assertThat(limit).as(reply.toString()).isNotNull();
        assertThat(limit.get("usage_today_minutes").asInt())
                .as(reply.toString())
                .isEqualTo(usage);
        assertThat(limit.get("blocked").asBoolean()).as(reply.toString()).isEqualTo(blocked);
        assertThat(limit.get("warning").asBoolean()).as(reply.toString()).isEqualTo(warning);
    }

    @Test
    void answersCarryTheLimitAndTheFirstCrossingsBlockAndCountOnce() {
        long id = app.createUser("limits", true, "user");
        String token = app.tokenFor(id, "user");
        limitOf(id, "Reddit", 60, 80);

        assertLimit(api.post("/api/activities", activity("Reddit", 30, today()), token), 30, false, false);
        Reply warned = api.post("/api/activities", activity("reddit", 20, today()), token); // 50 >= 80 % of 60
        assertLimit(warned, 50, false, true);
        assertThat(warned.json().at("/limit/app_name").asText()).isEqualTo("Reddit");
        assertThat(warned.json().at("/limit/daily_limit_minutes").asInt()).isEqualTo(60);
        assertLimit(api.post("/api/activities", activity("Reddit", 5, today()), token), 55, false, false);
        assertThat(app.scalar("SELECT count(*) FROM blocked_apps WHERE is_blocked AND user_id = " + id))
                .isZero();
        assertThat(counted(MetricNames.LIMITS_REACHED, "Reddit")).isZero();

        Reply reached = api.post("/api/activities", activity("Reddit", 5, today()), token);
        assertLimit(reached, 60, true, false);
        assertThat(app.scalar(
                        "SELECT count(*) FROM blocked_apps WHERE is_blocked AND last_blocked_at IS NOT NULL AND user_id = "
                                + id))
                .isEqualTo(1);
        assertThat(counted(MetricNames.LIMITS_REACHED, "Reddit")).isEqualTo(1);
        assertThat(counted(MetricNames.APPS_BLOCKED, "Reddit")).isEqualTo(1);

        long over = api.post("/api/activities", activity("Reddit", 5, today()), token)
                .json()
                .get("id")
                .asLong();
        // Another day's activity leaves today's usage as it is; it still answers with it.
        assertLimit(api.post("/api/activities", activity("Reddit", 100, today().minusDays(1)), token), 65, true, false);
        assertThat(counted(MetricNames.LIMITS_REACHED, "Reddit")).isEqualTo(1);
        assertThat(counted(MetricNames.APPS_BLOCKED, "Reddit")).isEqualTo(1);

        // An update recomputes (moved to yesterday: 60 today); a delete too (55 today).
        assertLimit(
                api.call("PUT", "/api/activities/" + over, activity("Reddit", 5, today().minusDays(1)), token),
                60,
                true,
                false);
        long last = app.scalar(
                "SELECT max(id) FROM activities WHERE activity_date = DATE '" + today() + "' AND user_id = " + id);
        assertThat(api.call("DELETE", "/api/activities/" + last, null, token).status())
                .isEqualTo(204);
        assertThat(app.scalar("SELECT count(*) FROM limit_events WHERE user_id = " + id))
                .isEqualTo(2);

        // Back over the limit the same day: already counted.
        assertLimit(api.post("/api/activities", activity("Reddit", 10, today()), token), 65, true, false);
        assertThat(counted(MetricNames.LIMITS_REACHED, "Reddit")).isEqualTo(1);

        // An app without a limit has no limit block; another user's limit of the same app is not this user's.
        Reply free = api.post("/api/activities", activity("Notes", 500, today()), token);
        assertThat(free.status()).isEqualTo(201);
        assertThat(free.json().has("limit")).isFalse();
        long other = app.createUser("limits_other", true, "user");
        assertThat(api.post("/api/activities", activity("Reddit", 5, today()), app.tokenFor(other, "user"))
                        .json()
                        .has("limit"))
                .isFalse();
    }

    @Test
    void aSingleActivityOverTheWholeLimitWarnsAndBlocksAtOnce() {
        long id = app.createUser("jump", true, "user");
        String token = app.tokenFor(id, "user");
        limitOf(id, "Twitch", 30, 50);
        assertLimit(api.post("/api/activities", activity("Twitch", 90, today()), token), 90, true, true);
        assertThat(counted(MetricNames.LIMITS_REACHED, "Twitch")).isEqualTo(1);
    }

    @Test
    void aReplayedCreateAnswersTheSameLimitAndCountsNothingAgain() {
        long id = app.createUser("replay", true, "user");
        String token = app.tokenFor(id, "user");
        limitOf(id, "Snapchat", 10, 80);
        Map<String, String> key = Map.of("Idempotency-Key", "limit-key");
        Reply first = api.call("POST", "/api/activities", activity("Snapchat", 15, today()), token, key);
        assertLimit(first, 15, true, true);
        Reply again = api.call("POST", "/api/activities", activity("Snapchat", 15, today()), token, key);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(counted(MetricNames.LIMITS_REACHED, "Snapchat")).isEqualTo(1);
        assertThat(app.scalar("SELECT count(*) FROM activities WHERE user_id = " + id))
                .isEqualTo(1);
    }

    @Test
    void fiftyConcurrentPostsCrossEachThresholdExactlyOnce() throws Exception {
        long id = app.createUser("crowd", true, "user");
        String token = app.tokenFor(id, "user");
        limitOf(id, "Crowd", 60, 80);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Reply> replies = new ArrayList<>();
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/activities", activity("Crowd", 5, today()), token);
                }));
            }
            go.countDown();
            for (Future<Reply> f : futures) {
                replies.add(f.get(180, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        for (Reply r : replies) {
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        // The writes took turns: every answer saw the ones before it, so the usages are 5, 10, ... 250.
        Set<Integer> usages = replies.stream()
                .map(r -> r.json().at("/limit/usage_today_minutes").asInt())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(usages)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 50).map(i -> i * 5).boxed().toList());
        List<Reply> warnings = replies.stream()
                .filter(r -> r.json().at("/limit/warning").asBoolean())
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).json().at("/limit/usage_today_minutes").asInt())
                .isEqualTo(50);
        assertThat(replies.stream()
                        .filter(r -> r.json().at("/limit/blocked").asBoolean())
                        .count())
                .isEqualTo(39); // 60, 65 ... 250

        assertThat(counted(MetricNames.LIMITS_REACHED, "Crowd")).isEqualTo(1);
        assertThat(counted(MetricNames.APPS_BLOCKED, "Crowd")).isEqualTo(1);
        assertThat(app.scalar("SELECT count(*) FROM limit_events WHERE kind = 'blocked' AND user_id = " + id))
                .isEqualTo(1);
        assertThat(app.scalar("SELECT count(*) FROM limit_events WHERE kind = 'warning' AND user_id = " + id))
                .isEqualTo(1);
        assertThat(app.scalar("SELECT usage_minutes FROM limit_events WHERE kind = 'blocked' AND user_id = " + id))
                .isEqualTo(60);
        assertThat(app.scalar("SELECT sum(duration_minutes) FROM activities WHERE user_id = " + id))
                .isEqualTo(250);
        assertThat(app.scalar("SELECT count(*) FROM blocked_apps WHERE is_blocked AND user_id = " + id))
                .isEqualTo(1);
    }
}
