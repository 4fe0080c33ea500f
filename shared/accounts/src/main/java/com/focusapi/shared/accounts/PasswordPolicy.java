package com.focusapi.shared.accounts;

import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.text.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec's password rule, one definition for register, reset-password and change-password: at least 8
 * characters with a digit, an upper-case and a lower-case letter (and at most 128, so a megabyte "password"
 * cannot cost a megabyte of Argon2 input).
 */
public final class PasswordPolicy {
    private PasswordPolicy() {}

    /** What is wrong with {@code password}, each error naming {@code field}; empty when it is strong enough. */
    public static List<Problem.FieldError> check(String field, String password) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
            return errors;
        }
        int length = Text.length(password);
        if (length < 8 || length > 128) {
            errors.add(new Problem.FieldError(field, "must be 8 to 128 characters long"));
        }
        if (password.chars().noneMatch(Character::isDigit)
                || password.chars().noneMatch(Character::isUpperCase)
                || password.chars().noneMatch(Character::isLowerCase)) {
            errors.add(new Problem.FieldError(field, "must contain a digit, an upper-case and a lower-case letter"));
        }
        return errors;
    }

    /** A 400 naming {@code field} (detail "{field}: {first error}") unless the password passes {@link #check}. */
    public static void requireStrong(String field, String password) {
        List<Problem.FieldError> errors = check(field, password);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest(field + ": " + errors.get(0).message(), errors);
        }
    }
}
