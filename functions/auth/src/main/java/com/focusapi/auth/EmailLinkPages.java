package com.focusapi.auth;

import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.http.ProblemExceptionHandler;
import com.focusapi.shared.http.ValidationProblemHandler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The pages the links of the account emails open, when no client app does ({@code EMAIL_PUBLIC_URL} unset,
 * see {@link EmailLinkBase}): {@code GET /verify-email?token=…} verifies at once; {@code GET
 * /reset-password?token=…} shows a form for the new password, which posts back to {@code POST
 * /reset-password}. They apply the very rules of {@code /api/auth/verify-email} and {@code
 * /api/auth/reset-password} (same request records, same service), and answer their failures with the same
 * status, as an HTML page, or as the problem itself to a client that asks for JSON only.
 */
@Tag(name = "auth")
@Controller
public class EmailLinkPages {
    static final String VERIFY = "/verify-email";
    static final String RESET = "/reset-password";

    private final AuthService auth;
    private final Validator validator;
    private final ProblemExceptionHandler problems;
    private final ValidationProblemHandler invalid;

    public EmailLinkPages(
            AuthService auth, Validator validator, ProblemExceptionHandler problems, ValidationProblemHandler invalid) {
        this.auth = auth;
        this.validator = validator;
        this.problems = problems;
        this.invalid = invalid;
    }

    @ApiResponse(
            responseCode = "200",
            description = "The page: the address is verified",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string")))
    @Get(
            uri = VERIFY + "{?token}",
            produces = {MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, Problem.CONTENT_TYPE})
    public MutableHttpResponse<?> verifyEmail(HttpRequest<?> request, @Nullable @QueryValue String token) {
        return answer(request, "Email verification", () -> {
            auth.verifyEmail(valid(new AuthRequests.VerifyEmail(token)));
            return HtmlPage.paragraph("Your email address is verified. You can log in now.");
        });
    }

    @ApiResponse(
            responseCode = "200",
            description = "The page: a form for the new password",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string")))
    @Get(
            uri = RESET + "{?token}",
            produces = {MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, Problem.CONTENT_TYPE})
    public MutableHttpResponse<?> resetPasswordForm(HttpRequest<?> request, @Nullable @QueryValue String token) {
        return answer(request, "Choose a new password", () -> {
            // Checked for shape only: the token is spent by the POST, so that opening the link twice (or a mail
            // scanner opening it first) does not use it up.
            valid(new AuthRequests.VerifyEmail(token));
            // A relative action: the form posts back to this same path, under a named stage too.
            return "<form method=\"post\" action=\"reset-password\">"
                    + "<input type=\"hidden\" name=\"token\" value=\"" + HtmlPage.escape(token) + "\">"
                    + "<label>New password <input type=\"password\" name=\"new_password\""
                    + " autocomplete=\"new-password\" minlength=\"8\" maxlength=\"128\" required></label>"
                    + "<p><small>At least 8 characters, with a digit, an upper-case and a lower-case letter.</small></p>"
                    + "<button type=\"submit\">Set the new password</button></form>";
        });
    }

    @ApiResponse(
            responseCode = "200",
            description = "The page: the password is changed",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = "string")))
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                            schema = @Schema(implementation = AuthRequests.ResetPassword.class)))
    @Post(
            uri = RESET,
            consumes = MediaType.APPLICATION_FORM_URLENCODED,
            produces = {MediaType.TEXT_HTML, MediaType.APPLICATION_JSON, Problem.CONTENT_TYPE})
    public MutableHttpResponse<?> resetPassword(HttpRequest<?> request, @Body @Nullable String form) {
        return answer(request, "Password reset", () -> {
            Map<String, String> fields = formFields(form);
            auth.resetPassword(valid(new AuthRequests.ResetPassword(fields.get("token"), fields.get("new_password"))));
            return HtmlPage.paragraph("Your password is changed. Log in with the new one.");
        });
    }

    /** The page of {@code action}'s content, or of the problem it threw, with that problem's status. */
    private MutableHttpResponse<?> answer(HttpRequest<?> request, String title, Supplier<String> action) {
        HttpResponse<Problem> failed;
        try {
            return HtmlPage.response(HttpStatus.OK, title, action.get());
        } catch (ProblemException e) {
            if (wantsJsonOnly(request)) {
                throw e;
            }
            failed = problems.handle(request, e);
        } catch (ConstraintViolationException e) {
            if (wantsJsonOnly(request)) {
                throw e;
            }
            failed = invalid.handle(request, e);
        }
        Problem problem = failed.body();
        StringBuilder why = new StringBuilder();
        if (problem.errors() == null || problem.errors().isEmpty()) {
            why.append(HtmlPage.paragraph(problem.detail()));
        } else {
            // The fields say more than the detail ("Invalid field: token"), and a page has room for each.
            for (Problem.FieldError error : problem.errors()) {
                why.append(HtmlPage.paragraph(error.field() + ": " + error.message()));
            }
        }
        return HtmlPage.response(failed.status(), title + " failed", why.toString());
    }

    private <T> T valid(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }

    /** A browser sends {@code text/html} (or {@code *}{@code /*}); an API client asking for JSON gets JSON. */
    private static boolean wantsJsonOnly(HttpRequest<?> request) {
        String accept = String.join(",", request.getHeaders().getAll(HttpHeaders.ACCEPT))
                .toLowerCase(Locale.ROOT);
        return accept.contains("json") && !accept.contains("text/html") && !accept.contains("*/*");
    }

    /** {@code application/x-www-form-urlencoded}: the last value of each name; a malformed pair is left out. */
    static Map<String, String> formFields(@Nullable String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            try {
                values.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException malformed) {
                // left out: validation then names the field as missing
            }
        }
        return values;
    }
}
