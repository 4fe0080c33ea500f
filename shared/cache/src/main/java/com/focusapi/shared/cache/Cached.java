package com.focusapi.shared.cache;

import io.micronaut.aop.Around;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Cache-aside for a bean method ({@link CacheService#getOrLoad}). The key is
 * {@code keyPrefix:arg1:arg2[:name]} built from the method's <em>key parameters</em> only:
 * <ul>
 * <li>the parameters annotated {@link CacheKey}, if any;</li>
 * <li>otherwise every parameter of a value type (numbers, booleans, strings, enums, dates, UUIDs).
 *     Connections, sessions, request contexts and other objects are never part of a key.</li>
 * </ul>
 * So {@code @Cached(ttl = 300, keyPrefix = "user") UserStats stats(long userId, Connection c)} caches under
 * {@code user:123}, and {@code @Cached(keyPrefix = "user", name = "profile")} under {@code user:123:profile}.
 * A call runs uncached (the method is simply invoked) when:
 * <ul>
 * <li>the method has parameters but none is a key parameter (no {@link CacheKey}, no value type): one entry
 *     would be shared by every caller, e.g. every user; a warning is logged once per method;</li>
 * <li>a key parameter is null or empty, or its text holds {@code :}, whitespace, {@code { } ~} or glob
 *     characters, so that a value such as {@code "123:profile"} can never reach another entry or tag.</li>
 * </ul>
 * A method without parameters caches under {@code keyPrefix[:name]}, one entry for everyone. The key's tag
 * is its first two segments, {@code keyPrefix:firstKeyParameter}: {@code @Cached(keyPrefix = "challenge",
 * name = "leaderboard") List<Entry> leaderboard(long challengeId)} caches under
 * {@code challenge:456:leaderboard}, which {@code invalidateChallengeCache(456)} removes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
@Around
public @interface Cached {
    /** Seconds; 0 or less means {@code CACHE_TTL}. */
    long ttl() default 0;

    String keyPrefix();

    /** Appended after the key parameters, e.g. {@code profile}. */
    String name() default "";
}
