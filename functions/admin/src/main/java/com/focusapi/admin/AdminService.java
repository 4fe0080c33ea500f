package com.focusapi.admin;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.OwnProfile;
import com.focusapi.shared.accounts.ProfileCache;
import com.focusapi.shared.accounts.Sessions;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

/**
 * User administration and global statistics (spec, Privacy): admins only, everyone else 403. The role is
 * the account's current one ({@link CurrentUser}: its cached authentication state, dropped by every change),
 * so a demoted admin loses access at once. A deactivated user is refused on their next request by every
 * function: their token version moves and their refresh tokens are revoked ({@link Sessions#endAll}), and
 * everything cached about them, their authentication state included, is dropped.
 */
@Singleton
public class AdminService {
    static final Set<String> ROLES = Set.of("user", "admin");

    private final Database database;
    private final AdminRepository admin;
    private final Sessions sessions;
    private final ProfileCache profiles;
    private final Clock clock = Clock.systemUTC();

    public AdminService(Database database, AdminRepository admin, Sessions sessions, ProfileCache profiles) {
        this.database = database;
        this.admin = admin;
        this.sessions = sessions;
        this.profiles = profiles;
    }

    /** {@code active} and {@code verified} are the query's text: {@code true}, {@code false} or absent, nothing else. */
    public Page<OwnProfile> users(
            CurrentUser caller, String active, String verified, String role, String q, int page, int pageSize) {
        requireAdmin(caller);
        Page.check(page, pageSize);
        if (role != null && !ROLES.contains(role)) {
            throw ProblemException.invalidField("role", "must be user or admin");
        }
        if (q != null && q.length() > 254) {
            throw ProblemException.invalidField("q", "must be at most 254 characters");
        }
        AdminRepository.Filter filter = new AdminRepository.Filter(
                flag("is_active", active),
                flag("is_verified", verified),
                role,
                q == null || q.isBlank() ? null : q.trim());
        return database.withConnection(c -> Page.of(
                admin.list(c, filter, (page - 1) * pageSize, pageSize).stream()
                        .map(OwnProfile::of)
                        .toList(),
                admin.count(c, filter),
                page,
                pageSize));
    }

    public OwnProfile deactivate(CurrentUser caller, long userId) {
        requireAdmin(caller);
        if (caller.id() == userId) {
            throw ProblemException.conflict("An admin cannot deactivate their own account.");
        }
        Account account = database.inTransaction(c -> {
            Account updated = admin.setActive(c, userId, false).orElseThrow(AdminService::notFound);
            // Access and refresh tokens stop at once; reactivation does not bring them back.
            sessions.endAll(c, userId);
            return updated;
        });
        // After the commit: authentication state, profile, statistics and daily entries of that user, nobody else's.
        profiles.evictAll(userId);
        return OwnProfile.of(account);
    }

    public OwnProfile activate(CurrentUser caller, long userId) {
        requireAdmin(caller);
        Account account =
                database.inTransaction(c -> admin.setActive(c, userId, true).orElseThrow(AdminService::notFound));
        profiles.evictAll(userId);
        return OwnProfile.of(account);
    }

    public Overview overview(CurrentUser caller) {
        requireAdmin(caller);
        LocalDate today = LocalDate.now(clock);
        return database.withConnection(c -> new Overview(
                today.toString(),
                admin.users(c),
                admin.activities(c, today),
                admin.blockedApps(c),
                admin.challenges(c).orElse(null)));
    }

    private static Boolean flag(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.invalidField(name, "must be true or false");
        };
    }

    private static void requireAdmin(CurrentUser caller) {
        if (!caller.isAdmin()) {
            throw ProblemException.forbidden("Administrators only.");
        }
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("User not found.");
    }
}
