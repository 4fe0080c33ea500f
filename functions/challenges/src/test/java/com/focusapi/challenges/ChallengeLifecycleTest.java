package com.focusapi.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.challenges.lifecycle.ChallengeLifecycle;
import com.focusapi.challenges.lifecycle.ChallengeLifecycleHandler;
import com.focusapi.shared.email.EmailMessage;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduled lifecycle through its Lambda handler, on a clock the test moves, with two execution
 * environments (two handlers, two contexts, one database) running at the same time: each transition and each
 * result email happens exactly once.
 */
class ChallengeLifecycleTest {
    private static final LocalDate START = LocalDate.of(2026, 9, 1);
    private static final int CHALLENGES = 30;
    private static ChallengesTestApp app;
    private static ChallengeLifecycleHandler first;
    private static ChallengeLifecycleHandler second;

    @BeforeAll
    static void start() {
        app = new ChallengesTestApp(Map.of());
        first = handler();
        second = handler();
    }

    private static ChallengeLifecycleHandler handler() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("function.name", "challenge-lifecycle");
        properties.put("database.url", app.postgres.jdbcUrl());
        properties.put("database.user", app.postgres.user());
        properties.put("cache.enabled", false);
        properties.put("database.pool-size", 2);
        return new ChallengeLifecycleHandler(new LambdaApplicationContextBuilder().properties(properties));
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        app.close();
        TestClock.reset();
    }

    private static ChallengeLifecycle.Report run(ChallengeLifecycleHandler handler) {
        return handler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null);
    }

    /** Both environments at once; returns their two reports. */
    private static List<ChallengeLifecycle.Report> overlappingRuns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ChallengeLifecycle.Report>> runs = new ArrayList<>();
            for (ChallengeLifecycleHandler h : List.of(first, second)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return run(h);
                }));
            }
            go.countDown();
            List<ChallengeLifecycle.Report> reports = new ArrayList<>();
            for (Future<ChallengeLifecycle.Report> r : runs) {
                reports.add(r.get());
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long challenge(long creator, String title, LocalDate start, LocalDate end) {
        return app.scalar(
                "INSERT INTO challenges (creator_id, title, challenge_type, target_minutes, start_date, end_date) "
                        + "VALUES (" + creator + ", '" + title + "', 'minimize_time', 60, '" + start + "', '" + end
                        + "') RETURNING id");
    }

    private static void participant(long challenge, long user) {
        app.execute(
                "INSERT INTO challenge_participants (challenge_id, user_id) VALUES (" + challenge + ", " + user + ")");
    }

    private static List<Long> union(
            List<ChallengeLifecycle.Report> reports,
            java.util.function.Function<ChallengeLifecycle.Report, List<Long>> part) {
        List<Long> all = new ArrayList<>();
        reports.forEach(r -> all.addAll(part.apply(r)));
        return all;
    }

    @Test
    void overlappingRunsActivateCompleteAndEmailEachChallengeExactlyOnce() throws Exception {
        Set<Long> ids = new HashSet<>();
        Map<Long, Long> expectedWinner = new HashMap<>();
        int expectedEmails = 0;
        for (int i = 0; i < CHALLENGES; i++) {
            long creator = app.createUser("lc_creator", true, "user");
            long quiet = app.createUser("lc_quiet", true, "user");
            long noMail = app.createUser("lc_nomail", true, "user");
            app.execute("UPDATE users SET email_reminders = FALSE WHERE id = " + noMail);
            long id = challenge(creator, "Lifecycle " + i, START, START.plusDays(2));
            participant(id, creator);
            participant(id, quiet);
            participant(id, noMail);
            app.activity(creator, "YouTube", 100 + i, START);
            app.activity(quiet, "YouTube", 10, START.plusDays(1));
            app.activity(noMail, "YouTube", 50, START.plusDays(2));
            ids.add(id);
            expectedWinner.put(id, quiet);
            expectedEmails += 2;
        }
        long lonelyCreator = app.createUser("lc_lonely", true, "user");
        long lonely = challenge(lonelyCreator, "Lonely", START, START.plusDays(2));
        participant(lonely, lonelyCreator);
        RecordingEmailSender.SENT.clear();

        // The day before: nothing to do.
        TestClock.today(START.minusDays(1));
        List<ChallengeLifecycle.Report> early = overlappingRuns();
        assertThat(union(early, ChallengeLifecycle.Report::activated)).isEmpty();

        // The start date: each challenge with 2+ participants is activated by exactly one of the two runs.
        TestClock.today(START);
        List<ChallengeLifecycle.Report> starting = overlappingRuns();
        List<Long> activated = union(starting, ChallengeLifecycle.Report::activated);
        assertThat(activated).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(app.text("SELECT status FROM challenges WHERE id = " + lonely))
                .isEqualTo("pending");
        assertThat(app.scalar(
                        "SELECT count(*) FROM challenges WHERE status = 'active' AND activated_at IS NOT NULL AND id <> "
                                + lonely))
                .isEqualTo(CHALLENGES);

        // The last day is still running: nothing completes.
        TestClock.today(START.plusDays(2));
        assertThat(union(overlappingRuns(), ChallengeLifecycle.Report::completed))
                .isEmpty();

        // After the end date: completed once each, results emailed once to each participant with reminders.
        TestClock.today(START.plusDays(3));
        List<ChallengeLifecycle.Report> ending = overlappingRuns();
        assertThat(union(ending, ChallengeLifecycle.Report::completed))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(union(ending, ChallengeLifecycle.Report::expired)).containsExactly(lonely);
        assertThat(ending.stream()
                        .mapToInt(ChallengeLifecycle.Report::emailsSent)
                        .sum())
                .isEqualTo(expectedEmails);
        assertThat(ending.stream()
                        .mapToInt(ChallengeLifecycle.Report::emailsFailed)
                        .sum())
                .isZero();
        List<String> sent = RecordingEmailSender.SENT.stream()
                .filter(m -> m.type() == EmailMessage.Type.CHALLENGE_RESULT)
                .map(m -> m.to() + " " + m.subject())
                .toList();
        assertThat(sent).hasSize(expectedEmails).doesNotHaveDuplicates();
        assertThat(sent).noneMatch(s -> s.startsWith("lc_nomail"));
        assertThat(app.scalar("SELECT count(*) FROM challenge_emails")).isEqualTo(expectedEmails);
        assertThat(app.scalar(
                        "SELECT count(*) FROM challenges WHERE status = 'completed' AND results_sent_at IS NOT NULL"))
                .isEqualTo(CHALLENGES);
        for (long id : ids) {
            assertThat(app.scalar("SELECT winner_id FROM challenges WHERE id = " + id))
                    .isEqualTo(expectedWinner.get(id));
            assertThat(app.scalar(
                            "SELECT final_total_minutes FROM challenge_participants WHERE final_rank = 1 AND challenge_id = "
                                    + id))
                    .isEqualTo(10);
            assertThat(app.scalar(
                            "SELECT count(*) FROM challenge_participants WHERE final_rank IS NOT NULL AND challenge_id = "
                                    + id))
                    .isEqualTo(3);
        }

        // The schedule fires again: nothing is done twice.
        TestClock.today(START.plusDays(4));
        List<ChallengeLifecycle.Report> again = overlappingRuns();
        assertThat(union(again, ChallengeLifecycle.Report::activated)).isEmpty();
        assertThat(union(again, ChallengeLifecycle.Report::completed)).isEmpty();
        assertThat(union(again, ChallengeLifecycle.Report::expired)).isEmpty();
        assertThat(again.stream()
                        .mapToInt(ChallengeLifecycle.Report::emailsSent)
                        .sum())
                .isZero();
        assertThat(RecordingEmailSender.SENT.stream().filter(m -> m.type() == EmailMessage.Type.CHALLENGE_RESULT))
                .hasSize(expectedEmails);
    }
}
