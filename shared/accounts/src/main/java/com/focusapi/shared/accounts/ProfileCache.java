package com.focusapi.shared.accounts;

import com.focusapi.shared.cache.CacheAnswer;
import com.focusapi.shared.cache.CacheKeys;
import com.focusapi.shared.cache.CacheService;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cache rules of the profile (spec, cache table): {@code user:{id}:profile}, 1 hour, holding the
 * {@link OwnProfile} DTO (never the {@link Account} with its hash). Read cache-aside; written through after
 * the database commit of an update; dropped when the account is deleted or changes outside the users
 * function (email verified, password reset does not touch the profile).
 */
@Singleton
public class ProfileCache {
    public static final Duration TTL = Duration.ofHours(1);

    private final CacheService cache;

    public ProfileCache(CacheService cache) {
        this.cache = cache;
    }

    public static String key(long userId) {
        return CacheKeys.userProfile(userId);
    }

    /**
     * Cache-aside with single flight, as the answer of a route (a hit is the cached JSON, served as it is); a
     * missing user is not cached (empty).
     */
    public CacheAnswer<OwnProfile> get(long userId, Supplier<Optional<OwnProfile>> loader) {
        return cache.getOrLoadAnswer(
                key(userId), TTL, OwnProfile.class, () -> loader.get().orElse(null));
    }

    /** Write-through, after the commit of an update. */
    public void put(OwnProfile profile) {
        cache.set(key(profile.id()), profile, TTL);
    }

    public void evict(long userId) {
        cache.delete(key(userId));
    }

    /**
     * The account is gone or (de)activated: everything cached about the user (authentication state, profile,
     * statistics, daily entries), by the user's tag.
     */
    public void evictAll(long userId) {
        cache.invalidateUserCache(userId);
    }
}
