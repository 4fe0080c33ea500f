package com.focusapi.shared.accounts;

import io.micronaut.core.annotation.Introspected;

/**
 * What an authenticated request needs to know about its account, and nothing else: cached under
 * {@code user:{id}:auth} by {@link AuthStateCache}, so a request served from the cache needs no database.
 * {@code version} is the account's {@code token_version}: a token issued under another version is refused.
 * No secret in it (no hash, no token).
 */
@Introspected
public record AuthState(boolean active, boolean verified, String role, int version) {

    /** Whether a token issued under {@code tokenVersion} still speaks for this account. */
    public boolean accepts(int tokenVersion) {
        return active && version == tokenVersion;
    }
}
