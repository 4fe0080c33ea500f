package com.focusapi.users;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.AccountRepository;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.LoginThrottle;
import com.focusapi.shared.accounts.OwnProfile;
import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.accounts.PasswordPolicy;
import com.focusapi.shared.accounts.ProfileCache;
import com.focusapi.shared.accounts.PublicProfile;
import com.focusapi.shared.accounts.Sessions;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.persistence.DatabaseRejectedException;
import com.focusapi.shared.stats.ActivityStats;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.shared.stats.UserStats;
import com.focusapi.shared.text.Text;
import io.micronaut.http.HttpResponse;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Profiles and user statistics. Privacy (spec): a user sees their own account and statistics; others get
 * the public profile only; statistics of another user are for admins.
 */
@Singleton
public class UserService {
    private final Database database;
    private final AccountRepository accounts;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final ProfileCache profiles;
    private final AuthStateCache authStates;
    private final ActivityStats stats;
    private final StatsCache statsCache;
    /** The shortest search: the shortest username (3), so search is no way to list everyone by one letter. */
    static final int SEARCH_MIN_LENGTH = 3;

    /** The most matches a search pages through; more means the query should be longer. */
    static final int SEARCH_MAX_RESULTS = 100;

    /** The case-insensitive unique index on usernames (schema V2). */
    static final String USERNAME_INDEX = "users_username_ci";

    private final Clock clock = Clock.systemUTC();

    public UserService(
            Database database,
            AccountRepository accounts,
            UserRepository users,
            PasswordHasher passwords,
            Sessions sessions,
            LoginThrottle throttle,
            ProfileCache profiles,
            AuthStateCache authStates,
            ActivityStats stats,
            StatsCache statsCache) {
        this.database = database;
        this.accounts = accounts;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.throttle = throttle;
        this.profiles = profiles;
        this.authStates = authStates;
        this.stats = stats;
        this.statsCache = statsCache;
    }

    public HttpResponse<OwnProfile> me(CurrentUser user) {
        return profiles.get(user.id(), () -> accounts.findById(user.id()).map(OwnProfile::of))
                .orElseThrow(() -> ProblemException.notFound("User not found."));
    }

    public OwnProfile update(CurrentUser user, UserRequests.UpdateProfile request) {
        Optional<Account> updated;
        try {
            updated = database.inTransaction(c -> users.update(c, user.id(), request));
        } catch (DatabaseRejectedException e) {
            // Two renames to the same name at once both pass the NOT EXISTS check; the unique index stops the
            // second. Same answer as when the name was taken before.
            if (!e.isConflictOn(USERNAME_INDEX)) {
                throw e;
            }
            updated = Optional.empty();
        }
        if (updated.isEmpty()) {
            throw usernameTaken();
        }
        OwnProfile profile = OwnProfile.of(updated.get());
        // After the commit, so the cache never holds a value the database rolled back.
        profiles.put(profile);
        if (request.dailyLimitMinutes() != null) {
            statsCache.activityChanged(user.id(), List.of()); // progress_vs_limit depends on the limit
        }
        return profile;
    }

    /** A stolen access token alone cannot delete the account: the password is asked again. */
    public void delete(CurrentUser user, UserRequests.DeleteAccount request) {
        requirePassword(user, "password", request.password());
        // The row goes, and with it every token's account: the binder finds no state and answers 401.
        database.inTransaction(c -> UserRepository.delete(c, user.id()));
        profiles.evictAll(user.id()); // every key of the user, user:{id}:auth included
    }

    public void changePassword(CurrentUser user, UserRequests.ChangePassword request) {
        requirePassword(user, "current_password", request.currentPassword());
        PasswordPolicy.requireStrong("new_password", request.newPassword());
        String hash = passwords.hash(request.newPassword());
        database.inTransaction(c -> {
            accounts.setPassword(c, user.id(), hash);
            // Sessions opened with the old password end, access tokens included; the caller logs in again.
            sessions.endAll(c, user.id());
            return null;
        });
        authStates.evict(user.id()); // after the commit: the next request reads the new token version
    }

    /**
     * The current password, checked like a login (issue 12): an access token alone must not be a way to guess
     * it, so wrong ones are throttled per account ({@link LoginThrottle#reservePasswordCheck}, 429 with
     * Retry-After), the right one included while throttled. Change-password and DELETE /me share the count.
     */
    private void requirePassword(CurrentUser user, String field, String password) {
        LoginThrottle.Attempt attempt = throttle.reservePasswordCheck(user.id());
        Account account = accounts.findById(user.id()).orElseThrow(() -> ProblemException.notFound("User not found."));
        if (!passwords.verify(password, account.passwordHash())) {
            throw ProblemException.invalidField(field, "is not the current password");
        }
        throttle.succeeded(attempt);
    }

    public HttpResponse<UserStats> stats(CurrentUser caller, long userId) {
        caller.requireSelfOrAdmin(userId);
        // The account is read by the loader only: a cache hit runs no SQL. An unknown user loads null (not cached).
        return statsCache
                .userStats(
                        userId,
                        () -> accounts.findById(userId)
                                .map(account ->
                                        stats.userStats(userId, LocalDate.now(clock), account.dailyLimitMinutes()))
                                .orElse(null))
                .orElseThrow(() -> ProblemException.notFound("User not found."));
    }

    public PublicProfile publicProfile(long userId) {
        return accounts.findById(userId)
                .filter(Account::active)
                .map(PublicProfile::of)
                .orElseThrow(() -> ProblemException.notFound("User not found."));
    }

    /**
     * Public profiles whose username starts with {@code username}. Bounded so that nobody lists the users
     * (issue 12): a verified caller, at least {@link #SEARCH_MIN_LENGTH} characters (a username's own
     * minimum, so every user can still be found by name), and only the first {@link #SEARCH_MAX_RESULTS}
     * matches; {@code total} counts at most those.
     */
    public Page<PublicProfile> search(CurrentUser caller, String username, int page, int pageSize) {
        caller.requireVerified();
        String query = username == null ? "" : username.trim();
        if (Text.length(query) < SEARCH_MIN_LENGTH || Text.length(query) > 50) {
            throw ProblemException.invalidField(
                    "username", "must be " + SEARCH_MIN_LENGTH + " to 50 characters (the start of a username)");
        }
        Page.check(page, pageSize);
        long offset = (long) (page - 1) * pageSize;
        if (offset >= SEARCH_MAX_RESULTS) {
            throw ProblemException.invalidField(
                    "page",
                    "search returns the first " + SEARCH_MAX_RESULTS + " matches only: type more of the username");
        }
        int limit = (int) Math.min(pageSize, SEARCH_MAX_RESULTS - offset);
        AccountRepository.SearchResult found = accounts.searchByUsername(query, (int) offset, limit);
        long total = Math.min(found.total(), SEARCH_MAX_RESULTS);
        return Page.of(found.accounts().stream().map(PublicProfile::of).toList(), total, page, pageSize);
    }

    private static ProblemException usernameTaken() {
        return ProblemException.conflict(
                "This username is already taken.", List.of(new Problem.FieldError("username", "is already taken")));
    }
}
