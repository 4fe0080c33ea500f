package com.focusapi.shared.text;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The length of a text field as the client counts it: in characters (Unicode code points), so that 100 emoji
 * fit in a 100-character field; {@code @Size} counts UTF-16 units and would refuse them at 50. Use it instead
 * of {@code @Size} on every string of a request. Null is valid (combine with {@code @NotNull}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({
    ElementType.FIELD,
    ElementType.METHOD,
    ElementType.PARAMETER,
    ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE
})
@Constraint(validatedBy = {})
public @interface Length {
    int min() default 0;

    int max() default Integer.MAX_VALUE;

    String message() default "must be {min} to {max} characters long";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
