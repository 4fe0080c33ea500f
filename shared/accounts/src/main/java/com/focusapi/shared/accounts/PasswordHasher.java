package com.focusapi.shared.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.inject.Singleton;

/**
 * Argon2id through password4j, with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane): a few tens of
 * milliseconds per hash, affordable in a 1 GiB Lambda. Verification reads the parameters from the stored
 * hash, so raising them later keeps old hashes valid. What a password must be is {@link PasswordPolicy}'s.
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
}
