package com.focusapi.shared.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks secrets that must never reach Redis (password hashes, tokens, invitation codes).
 * <ul>
 * <li>On a type: a value of that type, even nested in a list, map or record, is refused: {@code set} stores
 *     nothing and {@code getOrLoad}/{@code @Cached} pass the loaded value through uncached.</li>
 * <li>On a field, getter or record component: the value is cached without it, and reads back as
 *     {@code null} (or the primitive default). Only the cache's JSON is affected, not the HTTP one.</li>
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
public @interface NeverCached {}
