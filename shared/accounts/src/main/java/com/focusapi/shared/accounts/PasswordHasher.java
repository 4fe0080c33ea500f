package com.focusapi.shared.accounts;

import com.focusapi.shared.http.Problem;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Argon2id through password4j, with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): a few tens of
 * milliseconds per hash, affordable in a 1 GiB Lambda. Verification reads the parameters from the stored
 * hash, so raising them later keeps old hashes valid.
 */
@Singleton
public class PasswordHasher {
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    /** Verified against when the account does not exist, so that "no such email" takes as long as "wrong password". */
    private final String dummyHash = hash("not-a-real-password-1A");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public boolean verify(String password, String storedHash) {
        if (storedHash == null) {
            Password.check(password, dummyHash).with(ARGON2);
            return false;
        }
        try {
            return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The spec's rule: at least 8 characters with a digit, an upper-case and a lower-case letter (and at
     * most 128, so a megabyte "password" cannot cost a megabyte of Argon2 input).
     */
    public static List<Problem.FieldError> check(String field, String password) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
            return errors;
        }
        if (password.length() < 8 || password.length() > 128) {
            errors.add(new Problem.FieldError(field, "must be 8 to 128 characters long"));
        }
        if (password.chars().noneMatch(Character::isDigit)
                || password.chars().noneMatch(Character::isUpperCase)
                || password.chars().noneMatch(Character::isLowerCase)) {
            errors.add(new Problem.FieldError(field, "must contain a digit, an upper-case and a lower-case letter"));
        }
        return errors;
    }
}
