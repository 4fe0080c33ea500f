package com.focusapi.auth;

import io.micronaut.core.annotation.Introspected;

/** The answers of {@code /api/auth} that are not a user. */
public final class AuthResponses {
    private AuthResponses() {}

    /** The "tokens" message: {@code token_type} is always {@code bearer}, {@code expires_in} in seconds. */
    @Introspected
    public record Tokens(String accessToken, String refreshToken, String tokenType, long expiresIn) {}

    @Introspected
    public record Message(String message) {}
}
