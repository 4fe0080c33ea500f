package com.focusapi.shared.accounts;

import com.focusapi.shared.cache.CacheKeys;
import com.focusapi.shared.cache.CacheService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * The authentication state of each account ({@link AuthState}), read cache-aside on every authenticated
 * request: key {@code user:{id}:auth} under the user's tag, so invalidating the user drops it with the rest.
 * Every write path that changes it drops it after its commit ({@link #evict}): verify-email, password change
 * and reset, login (an out-of-band role change applies at the next login at the latest), deactivation,
 * reactivation and deletion ({@link ProfileCache#evictAll}). Redis down or breaker open: the cache service
 * calls the loader, so the request is served from the database. The TTL only bounds what an eviction lost to
 * a Redis failure, or a change made in SQL outside the API, can leave behind.
 */
@Singleton
public class AuthStateCache {
    public static final Duration TTL = Duration.ofMinutes(5);

    private final CacheService cache;
    private final AccountRepository accounts;

    public AuthStateCache(CacheService cache, AccountRepository accounts) {
        this.cache = cache;
        this.accounts = accounts;
    }

    public static String key(long userId) {
        return CacheKeys.userAuth(userId);
    }

    /** The state of the account, empty when it does not exist (an absent account is not cached). */
    public Optional<AuthState> get(long userId) {
        // Not in the hit and miss counters: every authenticated request makes this lookup (see the method).
        return Optional.ofNullable(cache.getOrLoadUncounted(
                key(userId),
                TTL,
                AuthState.class,
                () -> accounts.findAuthState(userId).orElse(null)));
    }

    /** After the commit of a change to the account's flags, role or token version. */
    public void evict(long userId) {
        cache.delete(key(userId));
    }
}
