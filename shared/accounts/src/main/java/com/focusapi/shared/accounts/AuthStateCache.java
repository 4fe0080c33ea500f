package com.focusapi.shared.accounts;

import com.focusapi.shared.cache.CacheAnswer;
import com.focusapi.shared.cache.CacheKeys;
import com.focusapi.shared.cache.CacheService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
    /**
     * Decoded states by their JSON. Most accounts share a handful of states ({@code {"active":true,"verified":true,
     * "role":"user","version":0}}, ...): remembering the decode of each distinct JSON saves a Jackson read on
     * every request (4 % of a cached one, issue 11). The JSON is still read from Redis on every request, so an
     * eviction applies at once; a bounded number of distinct states is kept.
     */
    private static final int DECODED_MAX = 1_024;

    private final Map<String, AuthState> decoded = new ConcurrentHashMap<>();

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
        CacheAnswer<AuthState> answer = cache.getOrLoadAnswerUncounted(
                key(userId),
                TTL,
                AuthState.class,
                () -> accounts.findAuthState(userId).orElse(null));
        if (answer.cachedJson().isEmpty()) {
            return answer.loadedValue();
        }
        String json = answer.cachedJson().get();
        AuthState state = decoded.get(json);
        if (state == null) {
            state = cache.decode(key(userId), json, AuthState.class).orElse(null);
            if (state == null) {
                // An entry of another shape: dropped and read again from the database, as a miss would be.
                evict(userId);
                return accounts.findAuthState(userId);
            }
            if (decoded.size() < DECODED_MAX) {
                decoded.put(json, state);
            }
        }
        return Optional.of(state);
    }

    /** After the commit of a change to the account's flags, role or token version. */
    public void evict(long userId) {
        cache.delete(key(userId));
    }
}
