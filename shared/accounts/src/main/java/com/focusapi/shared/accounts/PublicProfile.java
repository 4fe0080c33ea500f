package com.focusapi.shared.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** The "user (public)" message: what anybody may see of another user (spec, Privacy). */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record PublicProfile(
        long id,
        String username,
        @Nullable String fullName,
        @Nullable String avatarUrl) {

    public static PublicProfile of(Account a) {
        return new PublicProfile(a.id(), a.username(), a.fullName(), a.avatarUrl());
    }
}
