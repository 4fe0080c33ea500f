package com.focusapi.auth;

import com.focusapi.shared.text.Length;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The request messages of {@code /api/auth}. Shape checks (presence, length, format) are declared here and
 * answered as 400 naming the field; the password strength rule is the service's (it also applies to
 * reset and change-password).
 */
public final class AuthRequests {
    private AuthRequests() {}

    @Introspected
    public record Register(
            @NotBlank @Email @Length(max = 254) @Schema(maxLength = 254)
            String email,

            @NotBlank
            @Length(min = 3, max = 50)
            @Schema(minLength = 3, maxLength = 50)
            @Pattern(regexp = "[A-Za-z0-9_-]+", message = "may contain only letters, digits, '_' and '-'")
            String username,

            @NotNull @Length(max = 128) @Schema(maxLength = 128)
            String password,

            @Nullable @Length(max = 100) @Schema(maxLength = 100)
            String fullName) {}

    @Introspected
    public record Login(
            @NotBlank @Length(max = 254) @Schema(maxLength = 254)
            String email,

            @NotBlank @Length(max = 128) @Schema(maxLength = 128)
            String password) {}

    @Introspected
    public record RefreshToken(
            @NotBlank @Length(max = 200) @Schema(maxLength = 200)
            String refreshToken) {}

    @Introspected
    public record VerifyEmail(
            @NotBlank @Length(max = 200) @Schema(maxLength = 200)
            String token) {}

    @Introspected
    public record EmailOnly(
            @NotBlank @Email @Length(max = 254) @Schema(maxLength = 254)
            String email) {}

    @Introspected
    public record ResetPassword(
            @NotBlank @Length(max = 200) @Schema(maxLength = 200)
            String token,

            @NotNull @Length(max = 128) @Schema(maxLength = 128)
            String newPassword) {}
}
