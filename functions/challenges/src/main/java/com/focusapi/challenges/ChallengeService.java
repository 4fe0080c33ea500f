package com.focusapi.challenges;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.cache.CacheAnswer;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.metrics.BusinessMetrics;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.stats.ChallengeCache;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Challenges: every route needs a verified account. The challenge and its leaderboard are read cache-aside
 * ({@link ChallengeCache}); every committed join, leave or status change drops exactly that challenge and its
 * leaderboard. The invitation code is never cached and is added per request for active participants only.
 */
@Singleton
public class ChallengeService {
    static final int MAX_DAYS = 30;
    static final int DEFAULT_MAX_PARTICIPANTS = 10;
    static final Set<String> STATUSES = Set.of("pending", "active", "completed", "cancelled");
    private static final String CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final ChallengeRepository challenges;
    private final Leaderboards leaderboards;
    private final ChallengeCache cache;
    private final ResultEmails resultEmails;
    private final BusinessMetrics metrics;
    private final ObjectMapper json;

    public ChallengeService(
            Database database,
            ChallengeRepository challenges,
            Leaderboards leaderboards,
            ChallengeCache cache,
            ResultEmails resultEmails,
            BusinessMetrics metrics,
            ObjectMapper json) {
        this.json = json;
        this.database = database;
        this.challenges = challenges;
        this.leaderboards = leaderboards;
        this.cache = cache;
        this.resultEmails = resultEmails;
        this.metrics = metrics;
    }

    public ChallengeResponse create(CurrentUser user, ChallengeRequest r) {
        user.requireVerified();
        LocalDate today = leaderboards.today();
        if (r.endDate().isBefore(r.startDate())) {
            throw ProblemException.invalidField("end_date", "must not be before start_date");
        }
        if (ChronoUnit.DAYS.between(r.startDate(), r.endDate()) + 1 > MAX_DAYS) {
            throw ProblemException.invalidField("end_date", "a challenge lasts at most " + MAX_DAYS + " days");
        }
        if (r.startDate().isBefore(today)) {
            throw ProblemException.invalidField("start_date", "must not be in the past");
        }
        String code = Boolean.TRUE.equals(r.isPrivate()) ? invitationCode() : null;
        ChallengeRepository.NewChallenge values = new ChallengeRepository.NewChallenge(
                user.id(),
                r.title().trim(),
                blankToNull(r.description()),
                r.challengeType(),
                blankToNull(r.targetApp()),
                r.targetMinutes(),
                r.startDate(),
                r.endDate(),
                r.maxParticipants() != null ? r.maxParticipants() : DEFAULT_MAX_PARTICIPANTS,
                code);
        ChallengeResponse created = database.inTransaction(c -> {
            long id = challenges.insert(c, values);
            challenges.join(c, id, user.id()); // the creator joins automatically
            return challenges.find(c, id).orElseThrow();
        });
        metrics.trackChallengeCreated();
        return created.withInvitationCode(code);
    }

    public ChallengeResponse get(CurrentUser user, long id) {
        user.requireVerified();
        ChallengeResponse shared = cached(id);
        if (!shared.isPrivate()) {
            return shared;
        }
        return database.withConnection(c -> challenges.codeForParticipant(c, id, user.id()))
                .map(shared::withInvitationCode)
                .orElse(shared);
    }

    /** What everybody may see of the challenge, through the cache (never with a code). */
    private ChallengeResponse cached(long id) {
        return cache.challenge(
                id,
                ChallengeResponse.class,
                () -> database.withConnection(c -> challenges.find(c, id))
                        .orElseThrow(ChallengeService::notFound)
                        .withoutInvitationCode());
    }

    public Page<ChallengeResponse> list(CurrentUser user, String status, int page, int pageSize, boolean mine) {
        user.requireVerified();
        Page.check(page, pageSize);
        String filter = status == null || status.isBlank() ? null : status.trim();
        if (filter != null && !STATUSES.contains(filter)) {
            throw ProblemException.invalidField("status", "must be one of pending, active, completed, cancelled");
        }
        return database.withConnection(c -> Page.of(
                challenges.list(c, user.id(), mine, filter, (page - 1) * pageSize, pageSize),
                challenges.count(c, user.id(), mine, filter),
                page,
                pageSize));
    }

    public ChallengeResponse join(CurrentUser user, long id, String body) {
        user.requireVerified();
        ChallengeRequest.Join request = readJoin(body);
        change(user, id, (c, ch) -> {
            if (ch.isPrivate()
                    && (request == null
                            || request.invitationCode() == null
                            || !ch.invitationCode()
                                    .equals(request.invitationCode().trim().toUpperCase()))) {
                throw ProblemException.forbidden("This challenge is private: a valid invitation code is needed.");
            }
            if (!"pending".equals(ch.status()) && !"active".equals(ch.status())) {
                throw conflict("This challenge is " + ch.status() + ": nobody can join it.");
            }
            if (challenges.isActiveParticipant(c, id, user.id())) {
                throw conflict("You already take part in this challenge.");
            }
            if (challenges.activeParticipants(c, id) >= ch.maxParticipants()) {
                throw conflict("This challenge is full.");
            }
            challenges.join(c, id, user.id());
        });
        return get(user, id);
    }

    public void leave(CurrentUser user, long id) {
        change(user, id, (c, ch) -> {
            if (ch.creatorId() == user.id()) {
                throw conflict("The creator cannot leave the challenge; cancel it while it is pending.");
            }
            if ("completed".equals(ch.status()) || "cancelled".equals(ch.status())) {
                throw conflict("This challenge is " + ch.status() + ".");
            }
            if (!challenges.leave(c, id, user.id())) {
                throw conflict("You do not take part in this challenge.");
            }
        });
    }

    /** DELETE: the creator cancels a pending challenge (the row stays, status cancelled). */
    public void cancel(CurrentUser user, long id) {
        change(user, id, (c, ch) -> {
            requireCreator(user, ch);
            if (!"pending".equals(ch.status())) {
                throw conflict("Only a pending challenge can be cancelled; this one is " + ch.status() + ".");
            }
            challenges.cancel(c, id);
        });
    }

    /** The creator ends an active challenge now: final results up to today, winner, result emails. */
    public ChallengeResponse complete(CurrentUser user, long id) {
        change(user, id, (c, ch) -> {
            requireCreator(user, ch);
            if (!leaderboards.complete(c, ch)) {
                throw conflict("Only an active challenge can be completed; this one is " + ch.status() + ".");
            }
        });
        resultEmails.send(id);
        return get(user, id);
    }

    /** A state change of one challenge, checked and written under its row lock. */
    @FunctionalInterface
    private interface Change {
        void apply(Connection c, ChallengeRepository.Locked challenge) throws SQLException;
    }

    /**
     * Runs {@code change} in one transaction holding the challenge's row lock (so concurrent joins cannot
     * overfill it), then, after the commit, drops exactly that challenge and its leaderboard from the cache.
     */
    private void change(CurrentUser user, long id, Change change) {
        user.requireVerified();
        database.inTransaction(c -> {
            change.apply(c, challenges.lock(c, id).orElseThrow(ChallengeService::notFound));
            return null;
        });
        cache.challengeChanged(id);
    }

    public HttpResponse<Leaderboard> leaderboard(CurrentUser user, long id) {
        user.requireVerified();
        ChallengeResponse shared = cached(id);
        CacheAnswer<Leaderboard> board = cache.leaderboard(id, Leaderboard.class, () -> leaderboards.compute(id));
        // The board lists exactly the active participants (live) or those who finished (completed, when no one
        // can leave any more), and every join or leave drops it: asking it answers "is this caller in?" as the
        // database would, without a query on a cache hit (and without decoding the cached board).
        if (shared.isPrivate() && !LeaderboardMembership.lists(board, user.id())) {
            throw ProblemException.forbidden("Only participants see the leaderboard of a private challenge.");
        }
        return board.orElseThrow(ChallengeService::notFound);
    }

    private ChallengeRequest.Join readJoin(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            ChallengeRequest.Join join = json.readValue(body, ChallengeRequest.Join.class);
            if (join != null
                    && join.invitationCode() != null
                    && join.invitationCode().length() > 100) {
                throw ProblemException.invalidField("invitation_code", "must be at most 100 characters");
            }
            return join;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not a join request: " + e.getOriginalMessage());
        }
    }

    private static void requireCreator(CurrentUser user, ChallengeRepository.Locked ch) {
        if (ch.creatorId() != user.id()) {
            throw ProblemException.forbidden("Only the creator of the challenge can do this.");
        }
    }

    static String invitationCode() {
        StringBuilder code = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("Challenge not found.");
    }

    private static ProblemException conflict(String detail) {
        return ProblemException.conflict(detail);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
