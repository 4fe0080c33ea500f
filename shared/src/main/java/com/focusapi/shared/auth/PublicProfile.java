package com.focusapi.shared.auth;

import io.micronaut.core.annotation.Introspected;

/** The "user (public)" message: what anybody may see of another user (spec, Privacy). */
@Introspected
public record PublicProfile(long id, String username, String fullName, String avatarUrl) {

    public static PublicProfile of(Account a) {
        return new PublicProfile(a.id(), a.username(), a.fullName(), a.avatarUrl());
    }
}
