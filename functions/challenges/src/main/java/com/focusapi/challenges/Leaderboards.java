package com.focusapi.challenges;

import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Computes leaderboards (live from the activities while a challenge runs, frozen from the stored results once
 * it is completed) and completes a challenge: what both the routes and the scheduled lifecycle use.
 */
@Singleton
public class Leaderboards {
    private final Database database;
    private final ChallengeRepository challenges;
    private final Clock clock;

    public Leaderboards(Database database, ChallengeRepository challenges, Clock clock) {
        this.database = database;
        this.challenges = challenges;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** A fresh leaderboard, from the database (the cache loader). */
    public Leaderboard compute(long challengeId) {
        return database.withConnection(c -> {
            ChallengeRepository.Locked ch = challenges
                    .read(c, challengeId)
                    .orElseThrow(() -> ProblemException.notFound("Challenge not found."));
            List<Leaderboard.Entry> entries =
                    "completed".equals(ch.status()) ? challenges.finalEntries(c, challengeId) : live(c, ch, today());
            return new Leaderboard(challengeId, ch.title(), ch.status(), entries.size(), entries);
        });
    }

    private List<Leaderboard.Entry> live(Connection c, ChallengeRepository.Locked ch, LocalDate today)
            throws SQLException {
        LocalDate until = Scoring.countedUntil(ch.rules(), today);
        return Scoring.rank(ch.rules(), today, challenges.liveTotals(c, ch.id(), ch.rules(), ch.targetApp(), until));
    }

    /**
     * Completes an active challenge locked by this transaction: computes its final leaderboard (up to today, or
     * to its end date), stores every participant's result, sets the winner (rank 1) and the status. False when
     * it was no longer active (completed by someone else first): then nothing is written.
     */
    public boolean complete(Connection c, ChallengeRepository.Locked ch) throws SQLException {
        if (!"active".equals(ch.status())) {
            return false;
        }
        List<Leaderboard.Entry> entries = live(c, ch, today());
        for (Leaderboard.Entry entry : entries) {
            challenges.storeFinal(c, ch.id(), entry);
        }
        return challenges.markCompleted(
                c, ch.id(), entries.isEmpty() ? null : entries.get(0).userId());
    }
}
