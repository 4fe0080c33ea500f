package com.focusapi.shared.lambda;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route that {@link SnapStartPriming} calls before a SnapStart snapshot, without credentials and
 * with {@link #body()} as its JSON body. The route must then answer before reading or writing any user's
 * data: a 401 from the authentication binder, a 400 from validation, or a health-style read. One route per
 * function is enough: what it warms (routing, filters, binders, problem+json, JSON) is shared by all.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PrimedBeforeSnapshot {
    /** The JSON body sent (none when empty). */
    String body() default "";
}
