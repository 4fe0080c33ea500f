package com.focusapi.shared.auth;

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

    public static String key(long userId) {
        return "user:" + userId + ":profile";
    }

    public Optional<OwnProfile> get(long userId, Supplier<Optional<OwnProfile>> loader) {
        // CACHE: cached = cache.get(key(userId), OwnProfile.class); on miss load and cache.set(key(userId), value, TTL)
        return loader.get();
    }

    /** Write-through, after the commit of an update. */
    public void put(OwnProfile profile) {
        // CACHE: cache.set(key(profile.id()), profile, TTL);
    }

    public void evict(long userId) {
        // CACHE: cache.delete(key(userId));
    }
}
