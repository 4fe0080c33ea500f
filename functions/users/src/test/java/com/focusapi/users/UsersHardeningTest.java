package com.focusapi.users;

import static com.focusapi.shared.testing.ProblemAssertions.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.JsonApi.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inputs that reached PostgreSQL as a 500 before (issue 12), through the real handler on a real PostgreSQL:
 * a search page whose OFFSET overflowed, the search bounds that keep anyone from listing the users, and two
 * users renaming themselves to the same username at once.
 */
class UsersHardeningTest {
    private static UsersTestApp app;
    private static JsonApi api;

    @BeforeAll
    static void start() {
        app = new UsersTestApp(FunctionTestApp.withRoomForConcurrency(6, Map.of()));
        api = app.api;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aSearchPageBeyondTheLastIsA400NotAnOverflow() {
        String token = app.tokenFor(app.createUser("deep", true, "user"), "user");
        // The issue's request: a one-letter query and an offset of 2,147,483,700.
        Reply issue = api.get("/api/users/search?username=a&page=21474838&page_size=100", token);
        assertThat(issue.status()).as(issue.toString()).isEqualTo(400);
        assertField(api.get("/api/users/search?username=dee&page=21474838&page_size=100", token), 400, "page");
        assertField(api.get("/api/users/search?username=dee&page=2147483647&page_size=100", token), 400, "page");
    }

    @Test
    void searchNeedsAVerifiedAccountAndThreeCharacters() {
        long unverified = app.createUser("unver", false, "user");
        Reply forbidden = api.get("/api/users/search?username=unver", app.tokenFor(unverified, "user"));
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);

        String token = app.tokenFor(app.createUser("abcfinder", true, "user"), "user");
        assertField(api.get("/api/users/search?username=ab", token), 400, "username");
        Reply three = api.get("/api/users/search?username=abc", token);
        assertThat(three.status()).as(three.toString()).isEqualTo(200);
        assertThat(three.json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void searchPagesThroughTheFirstHundredMatchesOnly() {
        String token = app.tokenFor(app.createUser("crowdsearcher", true, "user"), "user");
        for (int i = 0; i < 105; i++) {
            app.createUser("crowd", true, "user");
        }
        Reply first = api.get("/api/users/search?username=crowd_&page=1&page_size=20", token);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("total").asInt()).isEqualTo(100);
        assertThat(first.json().get("total_pages").asInt()).isEqualTo(5);
        Reply last = api.get("/api/users/search?username=crowd_&page=5&page_size=20", token);
        assertThat(last.json().get("items")).hasSize(20);
        assertField(api.get("/api/users/search?username=crowd_&page=6&page_size=20", token), 400, "page");
        // A page that straddles the bound stops at it.
        Reply straddling = api.get("/api/users/search?username=crowd_&page=2&page_size=60", token);
        assertThat(straddling.json().get("items")).hasSize(40);
    }

    /**
     * The deterministic race: another transaction has renamed a user to the name and not committed yet, so
     * the function's check sees the name free and its UPDATE waits on the unique index; the other commits,
     * and the index refuses the function's write. The answer is the ordinary 409, and nothing is written.
     */
    @Test
    void aRenameThatLosesTheRaceOnTheUniqueIndexIsA409() throws Exception {
        long loser = app.createUser("loser", true, "user");
        long winner = app.createUser("winner", true, "user");
        String before = app.text("SELECT username FROM users WHERE id = " + loser);
        String name = "Raced_" + loser;
        try (Connection other = app.sql.connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement st = other.prepareStatement("UPDATE users SET username = ? WHERE id = ?")) {
                st.setString(1, name.toLowerCase());
                st.setLong(2, winner);
                st.executeUpdate();
            }
            CompletableFuture<Reply> rename = CompletableFuture.supplyAsync(
                    () -> api.call("PUT", "/api/users/me", Map.of("username", name), app.tokenFor(loser, "user")));
            awaitWaitingOnALock();
            other.commit();
            Reply reply = rename.get(60, TimeUnit.SECONDS);
            assertField(reply, 409, "username");
        }
        assertThat(app.text("SELECT username FROM users WHERE id = " + loser)).isEqualTo(before);
    }

    /** Pairs of users rename themselves to one new name at the same moment: one wins, the other gets 409. */
    @Test
    void concurrentRenamesToOneNameGiveOneWinnerAndA409() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 15; round++) {
                long a = app.createUser("pairA", true, "user");
                long b = app.createUser("pairB", true, "user");
                String name = "Same_" + a;
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Reply>> replies = new ArrayList<>();
                for (long id : new long[] {a, b}) {
                    String token = app.tokenFor(id, "user");
                    replies.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return api.call("PUT", "/api/users/me", Map.of("username", name), token);
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Reply> reply : replies) {
                    Reply r = reply.get(60, TimeUnit.SECONDS);
                    assertThat(r.status()).as(r.toString()).isIn(200, 409);
                    statuses.add(r.status());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                assertThat(app.scalar("SELECT count(*) FROM users WHERE lower(username) = lower('" + name + "')"))
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Personal data, own or another's, is never for a cache; neither is a refusal. */
    @Test
    void noAnswerCarryingAccountDataMayBeStored() {
        long id = app.createUser("nostore", true, "user");
        String token = app.tokenFor(id, "user");
        for (String path : new String[] {
            "/api/users/me", "/api/users/me/stats", "/api/users/" + id, "/api/users/search?username=nostore"
        }) {
            Reply reply = api.get(path, token);
            assertThat(reply.status()).as(path + " " + reply).isEqualTo(200);
            assertThat(reply.header("Cache-Control")).as(path).isEqualTo("no-store");
        }
        Reply updated = api.call("PUT", "/api/users/me", Map.of("full_name", "No Store"), token);
        assertThat(updated.header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.get("/api/users/me", null).header("Cache-Control")).isEqualTo("no-store");
    }

    /** Until a backend of the function waits for a lock (the other transaction's index entry). */
    private static void awaitWaitingOnALock() throws InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (app.scalar("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            + "AND query LIKE 'UPDATE users SET username = COALESCE%'")
                    > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the function's UPDATE never waited on the uncommitted rename");
    }
}
