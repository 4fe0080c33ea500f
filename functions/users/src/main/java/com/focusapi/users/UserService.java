package com.focusapi.users;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.AccountRepository;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.CurrentUser;
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
import com.focusapi.shared.stats.ActivityStats;
import com.focusapi.shared.stats.StatsCache;
import com.focusapi.shared.stats.UserStats;
import com.focusapi.shared.text.Text;
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
    private final ProfileCache profiles;
    private final AuthStateCache authStates;
    private final ActivityStats stats;
    private final StatsCache statsCache;
    private final Clock clock = Clock.systemUTC();

    public UserService(
            Database database,
            AccountRepository accounts,
            UserRepository users,
            PasswordHasher passwords,
            Sessions sessions,
            ProfileCache profiles,
            AuthStateCache authStates,
            ActivityStats stats,
            StatsCache statsCache) {
        this.database = database;
        this.accounts = accounts;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.profiles = profiles;
        this.authStates = authStates;
        this.stats = stats;
        this.statsCache = statsCache;
    }

    public OwnProfile me(CurrentUser user) {
        return profiles.get(user.id(), () -> accounts.findById(user.id()).map(OwnProfile::of))
                .orElseThrow(() -> ProblemException.notFound("User not found."));
    }

    public OwnProfile update(CurrentUser user, UserRequests.UpdateProfile request) {
        Optional<Account> updated = database.inTransaction(c -> users.update(c, user.id(), request));
        if (updated.isEmpty()) {
            throw ProblemException.conflict(
                    "This username is already taken.", List.of(new Problem.FieldError("username", "is already taken")));
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

    private void requirePassword(CurrentUser user, String field, String password) {
        Account account = accounts.findById(user.id()).orElseThrow(() -> ProblemException.notFound("User not found."));
        if (!passwords.verify(password, account.passwordHash())) {
            throw ProblemException.invalidField(field, "is not the current password");
        }
    }

    public UserStats stats(CurrentUser caller, long userId) {
        caller.requireSelfOrAdmin(userId);
        // The account is read by the loader only: a cache hit runs no SQL. An unknown user loads null (not cached).
        UserStats found = statsCache.userStats(
                userId,
                () -> accounts.findById(userId)
                        .map(account -> stats.userStats(userId, LocalDate.now(clock), account.dailyLimitMinutes()))
                        .orElse(null));
        if (found == null) {
            throw ProblemException.notFound("User not found.");
        }
        return found;
    }

    public PublicProfile publicProfile(long userId) {
        return accounts.findById(userId)
                .filter(Account::active)
                .map(PublicProfile::of)
                .orElseThrow(() -> ProblemException.notFound("User not found."));
    }

    static final int SEARCH_MIN_LENGTH = 3;
    static final int SEARCH_MAX_RESULTS = 100;

    /**
     * Search by username prefix. Ids are sequential and profiles public, so search is the one way to list
     * users by name: it needs a verified account (as every other social route), a prefix of at least
     * {@value #SEARCH_MIN_LENGTH} characters (the shortest username, so everyone can still be found by their
     * full name, while "a", "b"... cannot walk the table) and shows the first {@value #SEARCH_MAX_RESULTS}
     * matches at most (more means typing more letters).
     */
    public Page<PublicProfile> search(CurrentUser caller, String username, int page, int pageSize) {
        caller.requireVerified();
        String query = username == null ? "" : username.trim();
        if (Text.length(query) < SEARCH_MIN_LENGTH || Text.length(query) > 50) {
            throw ProblemException.invalidField("username", "must be " + SEARCH_MIN_LENGTH + " to 50 characters");
        }
        Page.check(page, pageSize);
        if ((long) (page - 1) * pageSize >= SEARCH_MAX_RESULTS) {
            throw ProblemException.invalidField(
                    "page", "a search shows its first " + SEARCH_MAX_RESULTS + " matches: type more of the username");
        }
        AccountRepository.SearchResult found = accounts.searchByUsername(query, (page - 1) * pageSize, pageSize);
        return Page.of(found.accounts().stream().map(PublicProfile::of).toList(), found.total(), page, pageSize);
    }
}
