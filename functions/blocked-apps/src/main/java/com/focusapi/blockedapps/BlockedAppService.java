package com.focusapi.blockedapps;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.metrics.BusinessMetrics;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.stats.DailyLimits;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Per-app daily limits. Every route needs a verified account (spec, Accounts) and sees only the caller's
 * limits; one limit per app and user (case-insensitive: 409 otherwise). A create or update that leaves
 * today's usage at or over the limit blocks the app there and then, counted once per user, app and day
 * exactly as when an activity crosses it ({@link DailyLimits}).
 */
@Singleton
public class BlockedAppService {
    static final String DEFAULT_CATEGORY = "social_media";
    static final int DEFAULT_LIMIT = 60;
    static final int DEFAULT_NOTIFY_AT = 80;

    private final Database database;
    private final BlockedAppRepository blockedApps;
    private final DailyLimits limits;
    private final BusinessMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    public BlockedAppService(
            Database database, BlockedAppRepository blockedApps, DailyLimits limits, BusinessMetrics metrics) {
        this.database = database;
        this.blockedApps = blockedApps;
        this.limits = limits;
        this.metrics = metrics;
    }

    public BlockedAppResponse create(CurrentUser user, BlockedAppRequest r) {
        user.requireVerified();
        if (r.appName() == null || r.appName().isBlank()) {
            throw ProblemException.invalidField("app_name", "must not be blank");
        }
        checkWindow(r);
        BlockedAppRepository.Values values = new BlockedAppRepository.Values(
                r.appName().trim(),
                blankToNull(r.appPackage()),
                category(r.appCategory(), DEFAULT_CATEGORY),
                orElse(r.dailyLimitMinutes(), DEFAULT_LIMIT),
                orElse(r.isBlocked(), false),
                r.blockStartTime(),
                r.blockEndTime(),
                orElse(r.blockOnWeekends(), false),
                orElse(r.notifyAtPercentage(), DEFAULT_NOTIFY_AT));
        LocalDate today = today();
        Saved saved = database.inTransaction(c -> {
            long id = blockedApps.insert(c, user.id(), values).orElseThrow(BlockedAppService::duplicate);
            return recompute(c, user.id(), id, today);
        });
        return counted(saved);
    }

    public BlockedAppResponse update(CurrentUser user, long id, BlockedAppRequest r) {
        user.requireVerified();
        if (r.appName() != null && r.appName().isBlank()) {
            throw ProblemException.invalidField("app_name", "must not be blank");
        }
        checkWindow(r);
        LocalDate today = today();
        Saved saved = database.inTransaction(c -> {
            BlockedAppResponse before =
                    blockedApps.findForUpdate(c, user.id(), id, today).orElseThrow(BlockedAppService::notFound);
            boolean windowGiven = r.blockStartTime() != null;
            BlockedAppRepository.Values values = new BlockedAppRepository.Values(
                    r.appName() != null ? r.appName().trim() : before.appName(),
                    r.appPackage() != null ? blankToNull(r.appPackage()) : before.appPackage(),
                    category(r.appCategory(), before.appCategory()),
                    orElse(r.dailyLimitMinutes(), before.dailyLimitMinutes()),
                    orElse(r.isBlocked(), before.isBlocked()),
                    windowGiven ? r.blockStartTime() : before.blockStartTime(),
                    windowGiven ? r.blockEndTime() : before.blockEndTime(),
                    orElse(r.blockOnWeekends(), before.blockOnWeekends()),
                    orElse(r.notifyAtPercentage(), before.notifyAtPercentage()));
            if (!blockedApps.update(c, user.id(), id, values)) {
                throw duplicate();
            }
            return recompute(c, user.id(), id, today);
        });
        return counted(saved);
    }

    public void delete(CurrentUser user, long id) {
        user.requireVerified();
        if (!database.inTransaction(c -> blockedApps.delete(c, user.id(), id))) {
            throw notFound();
        }
    }

    public BlockedAppResponse get(CurrentUser user, long id) {
        user.requireVerified();
        return database.withConnection(c -> blockedApps.find(c, user.id(), id, today()))
                .orElseThrow(BlockedAppService::notFound);
    }

    /** The limit of one app by name (case-insensitive), with today's usage; 404 when the app has no limit. */
    public BlockedAppResponse status(CurrentUser user, String appName) {
        user.requireVerified();
        if (appName == null || appName.isBlank() || appName.length() > 100) {
            throw ProblemException.invalidField("app", "must be 1 to 100 characters");
        }
        return database.withConnection(c -> blockedApps.findByApp(c, user.id(), appName.trim(), today()))
                .orElseThrow(() -> ProblemException.notFound("This app has no limit."));
    }

    public Page<BlockedAppResponse> list(CurrentUser user, int page, int pageSize) {
        user.requireVerified();
        Page.check(page, pageSize);
        LocalDate today = today();
        return database.withConnection(c -> Page.of(
                blockedApps.list(c, user.id(), today, (page - 1) * pageSize, pageSize),
                blockedApps.count(c, user.id()),
                page,
                pageSize));
    }

    /** The saved limit as read after its recomputation, and whether this write first reached it today. */
    private record Saved(BlockedAppResponse app, boolean reachedNow) {}

    private Saved recompute(Connection c, long userId, long id, LocalDate today) throws SQLException {
        BlockedAppResponse written = blockedApps.find(c, userId, id, today).orElseThrow(BlockedAppService::notFound);
        Optional<DailyLimits.Outcome> outcome = limits.recompute(c, userId, written.appName(), today);
        boolean reachedNow = outcome.map(DailyLimits.Outcome::reachedNow).orElse(false);
        return new Saved(reachedNow ? blockedApps.find(c, userId, id, today).orElseThrow() : written, reachedNow);
    }

    /** After the commit: a crossing counts only once it is durable. */
    private BlockedAppResponse counted(Saved saved) {
        if (saved.reachedNow()) {
            metrics.trackLimitReached(saved.app().appName());
            metrics.trackAppBlocked(saved.app().appName());
        }
        return saved.app();
    }

    private static void checkWindow(BlockedAppRequest r) {
        if ((r.blockStartTime() == null) != (r.blockEndTime() == null)) {
            String missing = r.blockStartTime() == null ? "block_start_time" : "block_end_time";
            throw ProblemException.badRequest(
                    "A block window needs both ends.",
                    List.of(new Problem.FieldError(missing, "is required with the other end of the block window")));
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static ProblemException duplicate() {
        return ProblemException.conflict(
                "This app already has a limit.", List.of(new Problem.FieldError("app_name", "already has a limit")));
    }

    private static ProblemException notFound() {
        // Another user's limit answers exactly like a missing one.
        return ProblemException.notFound("Blocked app not found.");
    }

    private static String category(String requested, String fallback) {
        return requested == null || requested.isBlank() ? fallback : requested.trim();
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
