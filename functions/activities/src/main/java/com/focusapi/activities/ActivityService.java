package com.focusapi.activities;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.SecureTokens;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.metrics.BusinessMetrics;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.stats.ActivityStats;
import com.focusapi.shared.stats.AppRangeStats;
import com.focusapi.shared.stats.ChallengeCache;
import com.focusapi.shared.stats.DailyLimits;
import com.focusapi.shared.stats.DailyStats;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.shared.stats.WeeklyStats;
import com.focusapi.shared.text.Text;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Activities and their statistics. Every route needs a verified account (spec, Accounts) and sees only the
 * caller's rows. Every write ends with {@link StatsCache#activityChanged} and {@link ChallengeCache#activityChanged}
 * (leaderboards of the user's challenges), after its commit, for exactly the dates it touched. Every write also
 * recomputes, in its transaction, today's usage of the app it leaves written when that app has a daily limit
 * ({@link DailyLimits}): the answer carries the {@code limit} block, and the write that first reaches the limit
 * today blocks the app and is counted in the metrics, once.
 */
@Singleton
public class ActivityService {
    static final String DEFAULT_CATEGORY = "social_media";
    static final int MAX_KEY_LENGTH = 255;
    static final int MAX_RANGE_DAYS = 366;
    /** A day has 1,440 minutes: a user's activities of one date cannot add up to more. */
    static final int MINUTES_PER_DAY = 1440;
    /** The earliest plausible {@code activity_date}; the latest is tomorrow (a client ahead of UTC). */
    static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    /** The documented values of {@code device_type} (README, activities). */
    static final Set<String> DEVICE_TYPES = Set.of("ios", "android", "web", "windows", "macos", "linux", "other");

    private final Database database;
    private final ActivityRepository activities;
    private final IdempotencyRepository idempotency;
    private final ActivityStats stats;
    private final StatsCache statsCache;
    private final ChallengeCache challengeCache;
    private final ObjectMapper json;
    private final BusinessMetrics metrics;
    private final DailyLimits limits;
    private final Clock clock = Clock.systemUTC();

    public ActivityService(
            Database database,
            ActivityRepository activities,
            IdempotencyRepository idempotency,
            ActivityStats stats,
            StatsCache statsCache,
            ObjectMapper json,
            BusinessMetrics metrics,
            DailyLimits limits,
            ChallengeCache challengeCache) {
        this.database = database;
        this.activities = activities;
        this.idempotency = idempotency;
        this.stats = stats;
        this.statsCache = statsCache;
        this.json = json;
        this.metrics = metrics;
        this.limits = limits;
        this.challengeCache = challengeCache;
    }

    /** The answer of a create: the activity, and whether it is the replay of an earlier request's answer. */
    public record Created(ActivityResponse activity, boolean replayed) {}

    /** A committed write's answer, whether it first reached the app's limit today, or a replayed answer. */
    private record Written(ActivityResponse activity, boolean reachedNow, boolean replayed) {
        static Written replay(ActivityResponse activity) {
            return new Written(activity, false, true);
        }
    }

    public Created create(CurrentUser user, ActivityRequest request, String idempotencyKey) {
        user.requireVerified();
        ActivityRepository.Values values = values(request);
        if (idempotencyKey == null) {
            Written created = database.inTransaction(c -> {
                checkDayTotal(c, user.id(), values, 0);
                return limited(c, user.id(), activities.insert(c, user.id(), values));
            });
            return created(user, created);
        }
        if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            throw ProblemException.invalidField("Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        // The fingerprint is of the parsed request, so a retry that only reorders fields or spaces is the same.
        String fingerprint = SecureTokens.sha256Hex(write(request));
        Written outcome = database.inTransaction(c -> {
            if (idempotency.claim(c, user.id(), idempotencyKey, fingerprint)) {
                checkDayTotal(c, user.id(), values, 0);
                Written created = limited(c, user.id(), activities.insert(c, user.id(), values));
                idempotency.complete(c, user.id(), idempotencyKey, 201, write(created.activity()));
                return created;
            }
            IdempotencyRepository.Stored stored = idempotency.find(c, user.id(), idempotencyKey);
            if (!stored.requestHash().equals(fingerprint)) {
                throw ProblemException.unprocessable("This Idempotency-Key was used with a different request body.");
            }
            return Written.replay(read(stored.body()));
        });
        return outcome.replayed() ? new Created(outcome.activity(), true) : created(user, outcome);
    }

    private Created created(CurrentUser user, Written written) {
        ActivityResponse created = written.activity();
        statsCache.activityChanged(user.id(), List.of(created.activityDate()));
        challengeCache.activityChanged(user.id(), List.of(created.activityDate()));
        // Not on a replay: one recorded activity counts once however often the client retried.
        metrics.trackActivityCreated(created.appName(), created.durationMinutes());
        return new Created(counted(written), false);
    }

    /**
     * Inside the write's transaction: today's usage of the written activity's app against its limit, if it
     * has one (the limit row is locked until the commit, so concurrent writes of that app take turns).
     */
    private Written limited(Connection c, long userId, ActivityResponse activity) throws SQLException {
        return limits.recompute(c, userId, activity.appName(), today())
                .map(o -> new Written(
                        activity.withLimit(new ActivityResponse.Limit(
                                o.appName(), o.usageMinutes(), o.dailyLimitMinutes(), o.blocked(), o.warning())),
                        o.reachedNow(),
                        false))
                .orElseGet(() -> new Written(activity, false, false));
    }

    /** After the commit: the write that first reached the limit today counts it, once per user, app and day. */
    private ActivityResponse counted(Written written) {
        if (written.reachedNow()) {
            String app = written.activity().limit().appName();
            metrics.trackLimitReached(app);
            metrics.trackAppBlocked(app);
        }
        return written.activity();
    }

    public ActivityResponse get(CurrentUser user, long id) {
        user.requireVerified();
        return database.withConnection(c -> activities.find(c, user.id(), id)).orElseThrow(ActivityService::notFound);
    }

    public Page<ActivityResponse> list(
            CurrentUser user, String app, LocalDate startDate, LocalDate endDate, int page, int pageSize) {
        user.requireVerified();
        Page.check(page, pageSize);
        if (app != null && Text.length(app) > 100) {
            throw ProblemException.invalidField("app", "must be at most 100 characters");
        }
        if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
            throw ProblemException.invalidField("end_date", "must not be before start_date");
        }
        ActivityRepository.Filter filter =
                new ActivityRepository.Filter(app == null || app.isBlank() ? null : app.trim(), startDate, endDate);
        return database.withConnection(c -> Page.of(
                activities.list(c, user.id(), filter, (page - 1) * pageSize, pageSize),
                activities.count(c, user.id(), filter),
                page,
                pageSize));
    }

    public ActivityResponse update(CurrentUser user, long id, ActivityRequest request) {
        user.requireVerified();
        ActivityRepository.Values values = values(request);
        Set<LocalDate> touched = new LinkedHashSet<>();
        Written updated = database.inTransaction(c -> {
            ActivityResponse before = activities.findForUpdate(c, user.id(), id).orElseThrow(ActivityService::notFound);
            touched.add(before.activityDate());
            checkDayTotal(c, user.id(), values, id);
            return limited(c, user.id(), activities.update(c, user.id(), id, values));
        });
        touched.add(updated.activity().activityDate());
        statsCache.activityChanged(user.id(), touched);
        challengeCache.activityChanged(user.id(), touched);
        return counted(updated);
    }

    public void delete(CurrentUser user, long id) {
        user.requireVerified();
        Written deleted = database.inTransaction(c -> {
            ActivityResponse before = activities.findForUpdate(c, user.id(), id).orElseThrow(ActivityService::notFound);
            activities.delete(c, user.id(), id);
            return limited(c, user.id(), before);
        });
        statsCache.activityChanged(user.id(), List.of(deleted.activity().activityDate()));
        challengeCache.activityChanged(user.id(), List.of(deleted.activity().activityDate()));
        counted(deleted);
    }

    public HttpResponse<DailyStats> daily(CurrentUser user, LocalDate date) {
        user.requireVerified();
        LocalDate day = date != null ? date : today();
        return statsCache
                .daily(user.id(), day, () -> stats.daily(user.id(), day))
                .orElseThrow(() -> new IllegalStateException("daily statistics are never null"));
    }

    public WeeklyStats weekly(CurrentUser user, LocalDate endDate) {
        user.requireVerified();
        return stats.weekly(user.id(), endDate != null ? endDate : today());
    }

    public AppRangeStats app(CurrentUser user, String appName, LocalDate startDate, LocalDate endDate) {
        user.requireVerified();
        if (appName == null || appName.isBlank() || Text.length(appName) > 100) {
            throw ProblemException.invalidField("app", "must be 1 to 100 characters");
        }
        LocalDate end = endDate != null ? endDate : today();
        LocalDate start = startDate != null ? startDate : end.minusDays(29);
        if (end.isBefore(start)) {
            throw ProblemException.invalidField("end_date", "must not be before start_date");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_RANGE_DAYS) {
            throw ProblemException.invalidField("start_date", "the range is limited to " + MAX_RANGE_DAYS + " days");
        }
        return stats.app(user.id(), appName, start, end);
    }

    /**
     * 422 when the user's activities of that date would add up to more than a day, the activity written
     * included (and the one it replaces, {@code replacedId}, left out). Runs inside the write's transaction.
     */
    private void checkDayTotal(Connection c, long userId, ActivityRepository.Values values, long replacedId)
            throws SQLException {
        long others = activities.minutesOn(c, userId, values.activityDate(), replacedId);
        if (others + values.durationMinutes() > MINUTES_PER_DAY) {
            throw ProblemException.unprocessable(
                    "The activities of " + values.activityDate() + " would add up to "
                            + (others + values.durationMinutes()) + " minutes; a day has " + MINUTES_PER_DAY + ".",
                    List.of(new Problem.FieldError(
                            "duration_minutes",
                            "at most " + Math.max(0, MINUTES_PER_DAY - others) + " minutes are left on "
                                    + values.activityDate())));
        }
    }

    /** The rules beyond the field annotations: end not before start; a plausible date and device; defaults. */
    private ActivityRepository.Values values(ActivityRequest r) {
        if (r.startTime() != null && r.endTime() != null && r.endTime().isBefore(r.startTime())) {
            throw ProblemException.invalidField("end_time", "must not be before start_time");
        }
        LocalDate date = r.activityDate() != null
                ? r.activityDate()
                : r.startTime() != null ? r.startTime().toLocalDate() : today();
        String field = r.activityDate() != null ? "activity_date" : "start_time";
        if (date.isBefore(EARLIEST_DATE)) {
            throw ProblemException.unprocessable(
                    "The activity date " + date + " is before " + EARLIEST_DATE + ".",
                    List.of(new Problem.FieldError(field, "must not be before " + EARLIEST_DATE)));
        }
        if (date.isAfter(today().plusDays(1))) {
            throw ProblemException.unprocessable(
                    "The activity date " + date + " is in the future.",
                    List.of(new Problem.FieldError(
                            field, "must not be later than tomorrow (" + today().plusDays(1) + ")")));
        }
        // A start or end far from any plausible date is refused like such an activity_date (the JSON reader
        // already refused years PostgreSQL cannot store).
        plausible("start_time", r.startTime());
        plausible("end_time", r.endTime());
        if (r.deviceType() != null
                && !r.deviceType().isBlank()
                && !DEVICE_TYPES.contains(r.deviceType().trim())) {
            throw ProblemException.invalidField(
                    "device_type",
                    "must be one of "
                            + String.join(", ", DEVICE_TYPES.stream().sorted().toList()));
        }
        return new ActivityRepository.Values(
                r.appName().trim(),
                Text.blankToNull(r.appPackage()),
                r.appCategory() == null || r.appCategory().isBlank()
                        ? DEFAULT_CATEGORY
                        : r.appCategory().trim(),
                r.durationMinutes(),
                r.startTime(),
                r.endTime(),
                date,
                Text.blankToNull(r.deviceType()),
                Text.blankToNull(r.sessionId()));
    }

    private void plausible(String field, OffsetDateTime time) {
        if (time == null) {
            return;
        }
        LocalDate date = time.toLocalDate();
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(today().plusDays(1))) {
            throw ProblemException.unprocessable(
                    "The " + field + " " + time + " is not between " + EARLIEST_DATE + " and tomorrow.",
                    List.of(new Problem.FieldError(
                            field,
                            "must be between " + EARLIEST_DATE + " and tomorrow (" + today().plusDays(1) + ")")));
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ActivityResponse read(String body) {
        try {
            return json.readValue(body, ActivityResponse.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored idempotent response unreadable", e);
        }
    }

    private static ProblemException notFound() {
        // Another user's activity answers exactly like a missing one: its existence is not revealed.
        return ProblemException.notFound("Activity not found.");
    }
}
