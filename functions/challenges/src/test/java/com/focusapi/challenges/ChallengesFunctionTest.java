package com.focusapi.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.shared.cache.CacheService;
import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.shared.stats.ChallengeCache;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import com.focusapi.testsupport.RedisServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The challenges function through its Lambda handler on a real PostgreSQL and a real redis-server (the
 * cache on): routes, their authorization, the rules, the leaderboard and what the cache holds.
 */
class ChallengesFunctionTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 10);
    private static RedisServer redis;
    private static ChallengesTestApp app;
    private static JsonApi api;
    private static CacheService cache;

    @BeforeAll
    static void start() {
        TestClock.today(TODAY);
        redis = RedisServer.start();
        app = new ChallengesTestApp(Map.of("cache.enabled", true, "redis.url", redis.url()));
        api = app.api;
        cache = app.context.getBean(CacheService.class);
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
        TestClock.reset();
    }

    /** A verified user: id and token. */
    private record User(long id, String token) {}

    private static User user(String prefix) {
        long id = app.createUser(prefix, true, "user");
        return new User(id, app.tokenFor(id, "user"));
    }

    private static Map<String, Object> challenge(String type, int target, LocalDate start, LocalDate end) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Less phone " + type);
        body.put("challenge_type", type);
        body.put("target_minutes", target);
        body.put("start_date", start.toString());
        body.put("end_date", end.toString());
        return body;
    }

    private static JsonNode create(User creator, Map<String, Object> body) {
        Reply created = api.post("/api/challenges", body, creator.token());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static long createPublic(User creator) {
        return create(creator, challenge("minimize_time", 60, TODAY, TODAY.plusDays(6)))
                .get("id")
                .asLong();
    }

    private static void join(User user, long id) {
        Reply joined = api.post("/api/challenges/" + id + "/join", Map.of(), user.token());
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    }

    private static void assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    }

    /** focus_api_challenges_created_total as the scrape shows it. */
    private static double created() {
        String text = app.context.getBean(PrometheusMeterRegistry.class).scrape();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^" + MetricNames.CHALLENGES_CREATED + "\\{[^}]*} (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long challengesOf(long userId) {
        return app.scalar("SELECT count(*) FROM challenges WHERE creator_id = " + userId);
    }

    // ---- create, read, list ------------------------------------------------------------------------------

    @Test
    void createdChallengeIsPendingWithItsCreatorAsParticipantAndIsCounted() {
        User creator = user("creator");
        double before = created();
        Map<String, Object> body = challenge("daily_goal", 30, TODAY.plusDays(1), TODAY.plusDays(14));
        body.put("target_app", "TikTok");
        body.put("max_participants", 5);
        JsonNode c = create(creator, body);
        assertThat(c.get("status").asText()).isEqualTo("pending");
        assertThat(c.get("creator_id").asLong()).isEqualTo(creator.id());
        assertThat(c.get("participants_count").asInt()).isEqualTo(1);
        assertThat(c.get("is_full").asBoolean()).isFalse();
        assertThat(c.get("target_app").asText()).isEqualTo("TikTok");
        assertThat(c.get("max_participants").asInt()).isEqualTo(5);
        assertThat(c.get("is_private").asBoolean()).isFalse();
        assertThat(c.get("invitation_code").isNull()).isTrue();
        assertThat(c.get("winner_id").isNull()).isTrue();
        assertThat(created()).isEqualTo(before + 1);
        assertThat(api.get("/api/challenges/" + c.get("id").asLong(), creator.token())
                        .json())
                .isEqualTo(c);
        Map<String, Object> defaults = challenge("weekly_goal", 60, TODAY, TODAY);
        assertThat(create(creator, defaults).get("max_participants").asInt()).isEqualTo(10);
    }

    @Test
    void listsArePaginatedFilteredAndMineHoldsOnlyMyChallenges() {
        User a = user("lister");
        User b = user("other");
        long first = createPublic(a);
        long second = createPublic(a);
        long hers = createPublic(b);
        Reply mine = api.get("/api/challenges/mine?page_size=1", a.token());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("total").asLong()).isEqualTo(2);
        assertThat(mine.json().get("total_pages").asInt()).isEqualTo(2);
        assertThat(mine.json().get("page_size").asInt()).isEqualTo(1);
        assertThat(mine.json().get("items")).hasSize(1);
        assertThat(api.get("/api/challenges/mine?page=2&page_size=1", a.token())
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asLong())
                .isIn(first, second);
        app.execute("UPDATE challenges SET status = 'active' WHERE id = " + hers);
        Reply active = api.get("/api/challenges?status=active&page_size=100", a.token());
        assertThat(active.json().get("items").findValuesAsText("status")).containsOnly("active");
        assertThat(active.json().get("items").findValuesAsText("id")).contains(String.valueOf(hers));
        assertProblem(api.get("/api/challenges?status=finished", a.token()), 400);
        assertProblem(api.get("/api/challenges?page_size=101", a.token()), 400);
        assertProblem(api.get("/api/challenges/mine?page=0", a.token()), 400);
    }

    // ---- authorization -----------------------------------------------------------------------------------

    private static final List<String[]> ROUTES = List.of(
            new String[] {"POST", "/api/challenges"},
            new String[] {"GET", "/api/challenges"},
            new String[] {"GET", "/api/challenges/mine"},
            new String[] {"GET", "/api/challenges/%d"},
            new String[] {"DELETE", "/api/challenges/%d"},
            new String[] {"POST", "/api/challenges/%d/join"},
            new String[] {"POST", "/api/challenges/%d/leave"},
            new String[] {"POST", "/api/challenges/%d/complete"},
            new String[] {"GET", "/api/challenges/%d/leaderboard"});

    @Test
    void everyRouteNeedsAVerifiedAccountAndAnonymousOrUnverifiedCallsWriteNothing() {
        User creator = user("authz");
        long id = createPublic(creator);
        long unverifiedId = app.createUser("unverified", false, "user");
        String unverified = app.tokenFor(unverifiedId, "user");
        Map<String, Object> body = challenge("minimize_time", 60, TODAY, TODAY.plusDays(3));
        for (String[] route : ROUTES) {
            String path = route[1].formatted(id);
            Object payload = route[1].equals("/api/challenges") && route[0].equals("POST") ? body : null;
            assertProblem(api.call(route[0], path, payload, null), 401);
            assertProblem(api.call(route[0], path, payload, unverified), 403);
        }
        assertThat(challengesOf(unverifiedId)).isZero();
        assertThat(app.scalar("SELECT count(*) FROM challenge_participants WHERE user_id = " + unverifiedId))
                .isZero();
        assertThat(app.text("SELECT status FROM challenges WHERE id = " + id)).isEqualTo("pending");
    }

    @Test
    void otherUsersParticipantsAndTheCreatorEachGetTheirOwnAnswers() {
        User creator = user("owner");
        User participant = user("member");
        User other = user("outsider");
        long id = createPublic(creator);
        join(participant, id);
        String base = "/api/challenges/" + id;

        // Anybody verified may read a public challenge and its leaderboard.
        assertThat(api.get(base, other.token()).status()).isEqualTo(200);
        assertThat(api.get(base + "/leaderboard", other.token()).status()).isEqualTo(200);
        // Only the creator cancels or completes.
        assertProblem(api.call("DELETE", base, null, other.token()), 403);
        assertProblem(api.call("DELETE", base, null, participant.token()), 403);
        assertProblem(api.post(base + "/complete", null, participant.token()), 403);
        assertProblem(api.post(base + "/complete", null, other.token()), 403);
        // Leaving needs to be in it; the creator cannot leave.
        assertProblem(api.post(base + "/leave", null, other.token()), 409);
        assertProblem(api.post(base + "/leave", null, creator.token()), 409);
        assertProblem(api.post(base + "/complete", null, creator.token()), 409); // pending: not completable
        assertThat(app.text("SELECT status FROM challenges WHERE id = " + id)).isEqualTo("pending");

        assertThat(api.post(base + "/leave", null, participant.token()).status())
                .isEqualTo(204);
        assertThat(app.scalar(
                        "SELECT count(*) FROM challenge_participants WHERE is_active = FALSE AND challenge_id = " + id))
                .isEqualTo(1);
        assertThat(api.get(base, other.token()).json().get("participants_count").asInt())
                .isEqualTo(1);
        join(participant, id); // joining again after leaving
        assertThat(api.get(base, other.token()).json().get("participants_count").asInt())
                .isEqualTo(2);

        assertThat(api.call("DELETE", base, null, creator.token()).status()).isEqualTo(204);
        assertThat(app.text("SELECT status FROM challenges WHERE id = " + id)).isEqualTo("cancelled");
        assertThat(api.get(base, other.token()).text("status")).isEqualTo("cancelled");
        assertProblem(api.call("DELETE", base, null, creator.token()), 409);
        assertProblem(api.post(base + "/join", Map.of(), other.token()), 409);
        assertProblem(api.get("/api/challenges/999999", other.token()), 404);
    }

    @Test
    void theCreatorCompletesAnActiveChallengeWithAWinnerAndResultEmails() {
        User creator = user("finisher");
        User rival = user("rival");
        long id = createPublic(creator);
        join(rival, id);
        app.execute("UPDATE challenges SET status = 'active' WHERE id = " + id);
        app.activity(creator.id(), "YouTube", 90, TODAY);
        app.activity(rival.id(), "YouTube", 20, TODAY);
        Reply done = api.post("/api/challenges/" + id + "/complete", null, creator.token());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.text("status")).isEqualTo("completed");
        assertThat(done.json().get("winner_id").asLong()).isEqualTo(rival.id());
        JsonNode board = api.get("/api/challenges/" + id + "/leaderboard", creator.token())
                .json();
        assertThat(board.get("status").asText()).isEqualTo("completed");
        assertThat(board.get("participants").findValuesAsText("user_id"))
                .containsExactly(String.valueOf(rival.id()), String.valueOf(creator.id()));
        assertThat(app.scalar("SELECT count(*) FROM challenge_emails WHERE challenge_id = " + id))
                .isEqualTo(2);
        assertThat(RecordingEmailSender.SENT.stream()
                        .filter(m -> m.subject().contains(done.text("title"))
                                && m.type() == EmailMessage.Type.CHALLENGE_RESULT)
                        .map(EmailMessage::to)
                        .filter(to -> to.contains("finisher_") || to.contains("rival_")))
                .hasSizeGreaterThanOrEqualTo(2);
        assertProblem(api.post("/api/challenges/" + id + "/complete", null, creator.token()), 409);
        assertProblem(
                api.post(
                        "/api/challenges/" + id + "/join",
                        Map.of(),
                        user("late").token()),
                409);
    }

    // ---- joining -----------------------------------------------------------------------------------------

    @Test
    void joiningRespectsCapacityStatusAndInvitationCodes() {
        User creator = user("host");
        Map<String, Object> body = challenge("minimize_time", 45, TODAY, TODAY.plusDays(2));
        body.put("max_participants", 2);
        body.put("is_private", true);
        JsonNode created = create(creator, body);
        long id = created.get("id").asLong();
        String code = created.get("invitation_code").asText();
        assertThat(code).matches("[A-Z0-9]{8}");
        String join = "/api/challenges/" + id + "/join";

        User guest = user("guest");
        assertProblem(api.post(join, Map.of(), guest.token()), 403);
        assertProblem(api.post(join, Map.of("invitation_code", "WRONG123"), guest.token()), 403);
        assertThat(app.scalar("SELECT count(*) FROM challenge_participants WHERE challenge_id = " + id))
                .isEqualTo(1);
        Reply joined = api.post(join, Map.of("invitation_code", code), guest.token());
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        assertThat(joined.text("invitation_code")).isEqualTo(code);
        assertThat(joined.json().get("is_full").asBoolean()).isTrue();
        assertProblem(api.post(join, Map.of("invitation_code", code), guest.token()), 409); // already in
        User third = user("third");
        assertProblem(api.post(join, Map.of("invitation_code", code), third.token()), 409); // full
        assertThat(app.scalar("SELECT count(*) FROM challenge_participants WHERE challenge_id = " + id))
                .isEqualTo(2);

        long done = createPublic(creator);
        app.execute("UPDATE challenges SET status = 'completed' WHERE id = " + done);
        assertProblem(api.post("/api/challenges/" + done + "/join", Map.of(), third.token()), 409);
        assertProblem(api.post("/api/challenges/424242/join", Map.of(), third.token()), 404);
        assertThat(app.scalar("SELECT count(*) FROM challenge_participants WHERE user_id = " + third.id()))
                .isZero();
    }

    @Test
    void theInvitationCodeIsShownToParticipantsOnlyAndNeverCached() {
        User creator = user("secret");
        Map<String, Object> body = challenge("daily_goal", 20, TODAY, TODAY.plusDays(5));
        body.put("is_private", true);
        JsonNode created = create(creator, body);
        long id = created.get("id").asLong();
        String code = created.get("invitation_code").asText();
        String path = "/api/challenges/" + id;

        // The creator's read fills the cache; the outsider's read is served from it, without the code.
        assertThat(api.get(path, creator.token()).text("invitation_code")).isEqualTo(code);
        assertThat(cache.exists(ChallengeCache.challengeKey(id))).isTrue();
        User outsider = user("nosy");
        Reply seen = api.get(path, outsider.token());
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("invitation_code").isNull()).isTrue();
        assertThat(seen.body()).doesNotContain(code);
        assertThat(api.get("/api/challenges?page_size=100", outsider.token()).body())
                .doesNotContain(code);
        assertThat(api.get("/api/challenges/mine?page_size=100", outsider.token())
                        .body())
                .doesNotContain(code);
        assertProblem(api.get(path + "/leaderboard", outsider.token()), 403);
        assertThat(api.get("/api/challenges/mine", creator.token()).body()).contains(code);

        // Nothing in Redis holds the code, whatever its key.
        for (String key : redis.cli("--scan", "--pattern", "*").split("\\s+")) {
            if (!key.isBlank() && "string".equals(redis.cli("TYPE", key).trim())) {
                assertThat(redis.cli("GET", key)).as(key).doesNotContain(code);
            }
        }
        assertThat(cache.get(ChallengeCache.challengeKey(id), JsonNode.class))
                .get()
                .satisfies(cached ->
                        assertThat(cached.get("invitation_code").isNull()).isTrue());

        // A participant who leaves stops seeing it.
        User member = user("member");
        join(member, id, code);
        assertThat(api.get(path, member.token()).text("invitation_code")).isEqualTo(code);
        assertThat(api.post(path + "/leave", null, member.token()).status()).isEqualTo(204);
        assertThat(api.get(path, member.token()).json().get("invitation_code").isNull())
                .isTrue();
    }

    private static void join(User user, long id, String code) {
        Reply joined = api.post("/api/challenges/" + id + "/join", Map.of("invitation_code", code), user.token());
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    }

    // ---- bad input ---------------------------------------------------------------------------------------

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() {
        User creator = user("sloppy");
        assertField(
                api.post(
                        "/api/challenges",
                        challenge("minimize_time", 60, TODAY.plusDays(3), TODAY.plusDays(2)),
                        creator.token()),
                "end_date");
        assertField(
                api.post("/api/challenges", challenge("minimize_time", 60, TODAY, TODAY.plusDays(30)), creator.token()),
                "end_date");
        assertField(
                api.post("/api/challenges", challenge("minimize_time", 0, TODAY, TODAY.plusDays(3)), creator.token()),
                "target_minutes");
        assertField(
                api.post("/api/challenges", challenge("minimize_time", -5, TODAY, TODAY.plusDays(3)), creator.token()),
                "target_minutes");
        assertField(
                api.post("/api/challenges", challenge("maximize_fun", 60, TODAY, TODAY.plusDays(3)), creator.token()),
                "challenge_type");
        assertField(
                api.post(
                        "/api/challenges",
                        challenge("minimize_time", 60, TODAY.minusDays(1), TODAY.plusDays(3)),
                        creator.token()),
                "start_date");
        Map<String, Object> crowd = challenge("minimize_time", 60, TODAY, TODAY.plusDays(3));
        crowd.put("max_participants", 51);
        assertField(api.post("/api/challenges", crowd, creator.token()), "max_participants");
        crowd.put("max_participants", 1);
        assertField(api.post("/api/challenges", crowd, creator.token()), "max_participants");
        Map<String, Object> untitled = challenge("minimize_time", 60, TODAY, TODAY.plusDays(3));
        untitled.remove("title");
        assertField(api.post("/api/challenges", untitled, creator.token()), "title");
        assertThat(challengesOf(creator.id())).isZero();
        // 30 days is the maximum, included.
        assertThat(api.post(
                                "/api/challenges",
                                challenge("minimize_time", 60, TODAY, TODAY.plusDays(29)),
                                creator.token())
                        .status())
                .isEqualTo(201);
    }

    private static void assertField(Reply reply, String field) {
        assertProblem(reply, 400);
        assertThat(reply.errorFields()).as(reply.toString()).contains(field);
    }

    // ---- leaderboard and its cache -----------------------------------------------------------------------

    @Test
    void aCachedLeaderboardRunsNoSql() {
        User creator = user("nosql");
        User member = user("member");
        long id = createPublic(creator);
        join(member, id);
        String path = "/api/challenges/" + id + "/leaderboard";
        assertThat(app.sqlStatementsOf(
                        () -> assertThat(api.get(path, member.token()).status()).isEqualTo(200)))
                .as("a first request loads")
                .isPositive();
        assertThat(app.sqlStatementsOf(() -> assertThat(api.get(path, member.token())
                                .json()
                                .get("total_participants")
                                .asInt())
                        .isEqualTo(2)))
                .as("a cached request: authentication state, challenge and leaderboard from Redis")
                .isZero();
    }

    @Test
    void aCachedLeaderboardIsTheBodyTheComputedOneWas() {
        User creator = user("samebody");
        long id = create(creator, challenge("minimize_time", 30, TODAY, TODAY.plusDays(4)))
                .get("id")
                .asLong();
        join(user("samebody2"), id);
        String path = "/api/challenges/" + id + "/leaderboard";
        cache.delete(ChallengeCache.leaderboardKey(id));
        JsonApi.Reply computed = api.get(path, creator.token());
        assertThat(computed.status()).isEqualTo(200);
        assertThat(cache.exists(ChallengeCache.leaderboardKey(id))).isTrue();
        // The caller's state, the challenge and its board: one MGET.
        assertThat(redis.commandsDuring(() ->
                        assertThat(api.get(path, creator.token()).status()).isEqualTo(200)))
                .isEqualTo(Map.of("mget", 1L));
        JsonApi.Reply cachedBoard = api.get(path, creator.token());
        assertThat(cachedBoard.header("Content-Type")).startsWith("application/json");
        assertThat(cachedBoard.body()).isEqualTo(computed.body());
        assertThat(computed.json().get("participants").size()).isEqualTo(2);
    }

    @Test
    void aCachedPrivateLeaderboardRunsNoSqlAndStillRefusesOutsiders() {
        User creator = user("hush");
        Map<String, Object> body = challenge("minimize_time", 30, TODAY, TODAY.plusDays(4));
        body.put("is_private", true);
        JsonNode created = create(creator, body);
        long id = created.get("id").asLong();
        User member = user("insider");
        join(member, id, created.get("invitation_code").asText());
        User outsider = user("outsider");
        String path = "/api/challenges/" + id + "/leaderboard";
        assertThat(api.get(path, member.token()).status()).isEqualTo(200);
        assertThat(app.sqlStatementsOf(
                        () -> assertThat(api.get(path, member.token()).status()).isEqualTo(200)))
                .as("a participant's cached request: membership read from the cached board")
                .isZero();
        assertProblem(api.get(path, outsider.token()), 403);
        assertThat(cache.exists(ChallengeCache.leaderboardKey(id))).isTrue();
        assertProblem(api.get(path, outsider.token()), 403);
        // Leaving drops the board: the next read no longer lists the former member, who is refused.
        assertThat(api.post("/api/challenges/" + id + "/leave", null, member.token())
                        .status())
                .isEqualTo(204);
        assertProblem(api.get(path, member.token()), 403);
        assertThat(api.get(path, creator.token())
                        .json()
                        .get("total_participants")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void leaderboardCountsTheTargetAppInsideTheWindowUpToTodayAndSharesRanks() {
        User creator = user("board");
        User b = user("b");
        User c = user("c");
        User d = user("d");
        Map<String, Object> body = challenge("minimize_time", 60, TODAY, TODAY.plusDays(6));
        body.put("target_app", "TikTok");
        long id = create(creator, body).get("id").asLong();
        for (User u : List.of(b, c, d)) {
            join(u, id);
        }
        app.execute(
                "UPDATE challenges SET start_date = '" + TODAY.minusDays(2) + "', status = 'active' WHERE id = " + id);
        app.activity(creator.id(), "tiktok", 10, TODAY); // counted: the app matches case-insensitively
        app.activity(creator.id(), "YouTube", 500, TODAY); // another app: not counted
        app.activity(b.id(), "TikTok", 50, TODAY.minusDays(1));
        app.activity(c.id(), "TikTok", 30, TODAY.minusDays(2));
        app.activity(c.id(), "TikTok", 20, TODAY);
        app.activity(c.id(), "TikTok", 400, TODAY.minusDays(3)); // before the window
        app.activity(d.id(), "TikTok", 100, TODAY.plusDays(1)); // after today
        app.activity(d.id(), "TikTok", 100, TODAY);
        cache.delete(ChallengeCache.leaderboardKey(id)); // the SQL writes above bypassed the API

        Reply board = api.get("/api/challenges/" + id + "/leaderboard", b.token());
        assertThat(board.status()).as(board.toString()).isEqualTo(200);
        JsonNode json = board.json();
        assertThat(json.get("challenge_id").asLong()).isEqualTo(id);
        assertThat(json.get("total_participants").asInt()).isEqualTo(4);
        JsonNode rows = json.get("participants");
        assertThat(rows.findValuesAsText("user_id"))
                .containsExactly(
                        String.valueOf(creator.id()),
                        String.valueOf(b.id()),
                        String.valueOf(c.id()),
                        String.valueOf(d.id()));
        assertThat(rows.findValuesAsText("total_time_minutes")).containsExactly("10", "50", "50", "100");
        assertThat(rows.findValuesAsText("score")).containsExactly("170", "130", "130", "80");
        assertThat(rows.findValuesAsText("rank")).containsExactly("1", "2", "2", "4");
        assertThat(rows.get(0).get("daily_average").asDouble()).isEqualTo(3.33);
        assertThat(rows.get(0).get("goal_achieved").asBoolean()).isTrue();
        assertThat(rows.get(0).get("user").get("username").asText()).startsWith("board_");
        assertThat(rows.get(0).has("joined_at")).isTrue();
        assertThat(cache.exists(ChallengeCache.leaderboardKey(id))).isTrue();
    }

    @Test
    void joinLeaveAndStatusChangesDropThatChallengeAndItsLeaderboardOnly() {
        User creator = user("inval");
        User joiner = user("joiner");
        long id = createPublic(creator);
        long other = createPublic(creator);
        for (long c : List.of(id, other)) {
            api.get("/api/challenges/" + c, creator.token());
            api.get("/api/challenges/" + c + "/leaderboard", creator.token());
        }
        join(joiner, id);
        // The join's answer read the challenge again: the entry is the new one; the leaderboard is gone.
        assertThat(cache.get(ChallengeCache.challengeKey(id), JsonNode.class))
                .get()
                .satisfies(cached ->
                        assertThat(cached.get("participants_count").asInt()).isEqualTo(2));
        assertThat(cache.exists(ChallengeCache.leaderboardKey(id))).isFalse();
        assertThat(cache.exists(ChallengeCache.challengeKey(other))).isTrue();
        assertThat(cache.exists(ChallengeCache.leaderboardKey(other))).isTrue();
        assertThat(api.get("/api/challenges/" + id + "/leaderboard", creator.token())
                        .json()
                        .get("total_participants")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.post("/api/challenges/" + id + "/leave", null, joiner.token())
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/challenges/" + id + "/leaderboard", creator.token())
                        .json()
                        .get("total_participants")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.call("DELETE", "/api/challenges/" + id, null, creator.token())
                        .status())
                .isEqualTo(204);
        assertThat(api.get("/api/challenges/" + id + "/leaderboard", creator.token())
                        .text("status"))
                .isEqualTo("cancelled");
        assertThat(cache.exists(ChallengeCache.leaderboardKey(other))).isTrue();
    }

    @Test
    void anActivityChangeDropsTheLeaderboardsOfTheUsersChallengesWhoseWindowHoldsTheDate() {
        ChallengeCache challengeCache = app.context.getBean(ChallengeCache.class);
        User creator = user("act");
        User stranger = user("stranger");
        long now = createPublic(creator); // TODAY..+6
        long later = create(creator, challenge("minimize_time", 60, TODAY.plusDays(10), TODAY.plusDays(12)))
                .get("id")
                .asLong();
        long hers = createPublic(stranger);
        for (long c : List.of(now, later, hers)) {
            api.get("/api/challenges/" + c + "/leaderboard", creator.token());
        }
        // An update that moves an activity from TODAY+11 to TODAY+1: both windows.
        assertThat(challengeCache.activityChanged(creator.id(), List.of(TODAY.plusDays(11), TODAY.plusDays(1))))
                .containsExactlyInAnyOrder(now, later);
        assertThat(cache.exists(ChallengeCache.leaderboardKey(now))).isFalse();
        assertThat(cache.exists(ChallengeCache.leaderboardKey(later))).isFalse();
        assertThat(cache.exists(ChallengeCache.leaderboardKey(hers))).isTrue();
        assertThat(cache.exists(ChallengeCache.challengeKey(now))).isTrue();
        api.get("/api/challenges/" + now + "/leaderboard", creator.token());
        assertThat(challengeCache.activityChanged(creator.id(), List.of(TODAY.minusDays(1))))
                .isEmpty();
        assertThat(cache.exists(ChallengeCache.leaderboardKey(now))).isTrue();
    }
}
