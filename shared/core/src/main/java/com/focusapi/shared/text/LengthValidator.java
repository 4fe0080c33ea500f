package com.focusapi.shared.text;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

/** Validates {@link Length}: counts code points, not UTF-16 units. */
@Singleton
public class LengthValidator implements ConstraintValidator<Length, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, AnnotationValue<Length> annotation, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        int min = annotation.intValue("min").orElse(0);
        int max = annotation.intValue("max").orElse(Integer.MAX_VALUE);
        int length = Text.length(value);
        if (length >= min && length <= max) {
            return true;
        }
        context.messageTemplate(
                min == 0
                        ? "must be at most " + max + " characters long"
                        : max == Integer.MAX_VALUE
                                ? "must be at least " + min + " characters long"
                                : "must be " + min + " to " + max + " characters long");
        return false;
    }
}
