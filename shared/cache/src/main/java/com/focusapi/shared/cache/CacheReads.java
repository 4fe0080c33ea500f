package com.focusapi.shared.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The cache keys a route reads, as templates: {@code {caller}} is the authenticated caller's id, any other
 * {@code {name}} the route's path variable or query parameter of that name, and {@code {name|today}} that value
 * or, when the request has none, today's date in UTC (a route whose date defaults to today). The caller binding reads them in
 * the same Redis round trip as the caller's authentication state ({@link CacheService#prefetchForRoute}), so
 * a cached authenticated GET costs one round trip, not two or three (issue 11). A key whose value is missing
 * from the request, or is not a plain identifier or date, is simply not read ahead; the route reads it itself.
 * Declaring a key the route does not read costs a few bytes of that round trip and nothing else.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheReads {
    /** Key templates, e.g. {@code "user:{caller}:stats"} or {@code "challenge:{id}:leaderboard"}. */
    String[] value();
}
