package com.focusapi.challenges.lifecycle;

import com.focusapi.challenges.ChallengeRepository;
import com.focusapi.challenges.Leaderboards;
import com.focusapi.challenges.ResultEmails;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.stats.ChallengeCache;
import jakarta.inject.Singleton;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the schedule: activate the pending challenges whose start date has come (≥ 2 participants),
 * cancel the pending ones whose window ended without them, complete the active ones past their end date
 * (final leaderboard, winner), then email the results not sent yet. Safe to run twice, or twice at once:
 * every step is claimed in the database (see {@link LifecycleRepository}).
 */
@Singleton
public class ChallengeLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ChallengeLifecycle.class);
    static final int BATCH = 20;

    private final Database database;
    private final LifecycleRepository lifecycle;
    private final ChallengeRepository challenges;
    private final Leaderboards leaderboards;
    private final ResultEmails resultEmails;
    private final ChallengeCache cache;

    public ChallengeLifecycle(
            Database database,
            LifecycleRepository lifecycle,
            ChallengeRepository challenges,
            Leaderboards leaderboards,
            ResultEmails resultEmails,
            ChallengeCache cache) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.challenges = challenges;
        this.leaderboards = leaderboards;
        this.resultEmails = resultEmails;
        this.cache = cache;
    }

    /** What one run did: its day (ISO date), the ids it moved (this run only) and the emails it sent. */
    public record Report(
            String today,
            List<Long> activated,
            List<Long> expired,
            List<Long> completed,
            int emailsSent,
            int emailsFailed) {}

    public Report run() {
        LocalDate today = leaderboards.today();
        List<Long> activated = database.inTransaction(c -> lifecycle.activate(c, today));
        activated.forEach(cache::challengeChanged);
        List<Long> expired = database.inTransaction(c -> lifecycle.expire(c, today));
        expired.forEach(cache::challengeChanged);
        List<Long> completed = new ArrayList<>();
        while (true) {
            List<Long> batch = database.inTransaction(c -> {
                List<Long> done = new ArrayList<>();
                for (long id : lifecycle.lockDue(c, today, BATCH)) {
                    ChallengeRepository.Locked ch = challenges.read(c, id).orElseThrow();
                    if (leaderboards.complete(c, ch)) {
                        done.add(id);
                    }
                }
                return done;
            });
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(cache::challengeChanged);
            completed.addAll(batch);
        }
        int sent = 0;
        int failed = 0;
        for (long id : database.withConnection(c -> lifecycle.unsentResults(c, 500))) {
            ResultEmails.Sent outcome = resultEmails.send(id);
            sent += outcome.sent();
            failed += outcome.failed();
        }
        Report report = new Report(today.toString(), activated, expired, completed, sent, failed);
        LOG.info(
                "Challenge lifecycle {}: activated {}, expired {}, completed {}, result emails sent {} (failed {})",
                today,
                activated,
                expired,
                completed,
                sent,
                failed);
        return report;
    }
}
