package com.focusapi.shared.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.OffsetDateTime;

/** The "user (own)" message of the wire format: what a user sees of their own account. No secret in it. */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record OwnProfile(
        long id,
        String email,
        String username,
        @Nullable String fullName,
        @Nullable String avatarUrl,
        boolean isActive,
        boolean isVerified,
        String role,
        int dailyLimitMinutes,
        boolean notificationsEnabled,
        boolean emailReminders,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @Nullable OffsetDateTime lastLogin) {

    public static OwnProfile of(Account a) {
        return new OwnProfile(
                a.id(),
                a.email(),
                a.username(),
                a.fullName(),
                a.avatarUrl(),
                a.active(),
                a.verified(),
                a.role(),
                a.dailyLimitMinutes(),
                a.notificationsEnabled(),
                a.emailReminders(),
                a.createdAt(),
                a.updatedAt(),
                a.lastLogin());
    }
}
