package com.focusapi.users;

import com.focusapi.shared.text.Length;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Request messages of {@code /api/users}. Absent fields of an update keep their value. */
public final class UserRequests {
    private UserRequests() {}

    /** PUT /api/users/me. Email and role are not here: an unknown field is a 400, never silently applied. */
    @Introspected
    public record UpdateProfile(
            @Nullable
            @Length(min = 3, max = 50)
            @Schema(minLength = 3, maxLength = 50)
            @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only letters, digits, '_' and '-'")
            String username,

            @Nullable @Length(max = 100) @Schema(maxLength = 100)
            String fullName,

            @Nullable
            @Length(max = 500)
            @Schema(maxLength = 500)
            @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String avatarUrl,

            @Nullable @Min(1) @Max(1440) Integer dailyLimitMinutes,
            @Nullable Boolean notificationsEnabled,
            @Nullable Boolean emailReminders) {}

    /** DELETE /api/users/me: the password again, so that an access token alone cannot delete the account. */
    @Introspected
    public record DeleteAccount(
            @NotNull @Length(max = 128) @Schema(maxLength = 128)
            String password) {}

    @Introspected
    public record ChangePassword(
            @NotNull @Length(max = 128) @Schema(maxLength = 128)
            String currentPassword,

            @NotNull @Length(max = 128) @Schema(maxLength = 128)
            String newPassword) {}
}
