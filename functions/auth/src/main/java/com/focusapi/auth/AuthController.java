package com.focusapi.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** {@code /api/auth/*}: reads the request, calls one service method, returns its answer. */
@Tag(name = "auth")
@Controller("/api/auth")
@Validated
public class AuthController {
    private final AuthService auth;

    public AuthController(AuthService auth) {
        this.auth = auth;
    }

    @Post("/register")
    @ApiResponse(
            responseCode = "201",
            description = "Accepted: the same answer whether or not the email already has an account (its owner"
                    + " is told by email); a new account gets its verification email",
            content = @Content(schema = @Schema(implementation = AuthResponses.Message.class)))
    public HttpResponse<AuthResponses.Message> register(@Valid @Body AuthRequests.Register request) {
        return HttpResponse.created(auth.register(request));
    }

    // SnapStart priming: an empty body, refused by validation (400) before the throttle or the database.
    @PrimedBeforeSnapshot(body = "{}")
    @Post("/login")
    public AuthResponses.Tokens login(
            @Valid @Body AuthRequests.Login request, @Parameter(hidden = true) APIGatewayV2HTTPEvent event) {
        return auth.login(request, ClientAddress.of(event));
    }

    @Post("/refresh")
    public AuthResponses.Tokens refresh(@Valid @Body AuthRequests.RefreshToken request) {
        return auth.refresh(request);
    }

    @Post("/logout")
    @Status(HttpStatus.NO_CONTENT)
    public void logout(@Valid @Body AuthRequests.RefreshToken request) {
        auth.logout(request);
    }

    @Post("/verify-email")
    public AuthResponses.Message verifyEmail(@Valid @Body AuthRequests.VerifyEmail request) {
        return auth.verifyEmail(request);
    }

    @Post("/resend-verification")
    @Status(HttpStatus.ACCEPTED)
    public AuthResponses.Message resendVerification(@Valid @Body AuthRequests.EmailOnly request) {
        return auth.resendVerification(request);
    }

    @Post("/forgot-password")
    @Status(HttpStatus.ACCEPTED)
    public AuthResponses.Message forgotPassword(@Valid @Body AuthRequests.EmailOnly request) {
        return auth.forgotPassword(request);
    }

    @Post("/reset-password")
    public AuthResponses.Message resetPassword(@Valid @Body AuthRequests.ResetPassword request) {
        return auth.resetPassword(request);
    }
}
