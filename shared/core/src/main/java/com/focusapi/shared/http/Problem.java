package com.focusapi.shared.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 * {@code errors} names each invalid field for validation problems.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";

    /**
     * One invalid field and why. Both always written: the empty name of an unknown field ({@code {"": 1}}) is
     * still its name (left out, the problem broke its own schema: schemathesis found it).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FieldError(String field, String message) {}

    public static Problem of(int status, String title, String detail) {
        return new Problem(typeFor(status), title, status, detail, null, null);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(
                type,
                title,
                status,
                detail,
                instance,
                fieldErrors == null || fieldErrors.isEmpty() ? null : fieldErrors);
    }

    /** A stable, documented type URI per status, so clients can switch on it. */
    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "https://focus-api.dev/problems/bad-request";
            case 401 -> "https://focus-api.dev/problems/unauthorized";
            case 403 -> "https://focus-api.dev/problems/forbidden";
            case 404 -> "https://focus-api.dev/problems/not-found";
            case 405 -> "https://focus-api.dev/problems/method-not-allowed";
            case 409 -> "https://focus-api.dev/problems/conflict";
            case 413 -> "https://focus-api.dev/problems/payload-too-large";
            case 415 -> "https://focus-api.dev/problems/unsupported-media-type";
            case 422 -> "https://focus-api.dev/problems/unprocessable";
            case 429 -> "https://focus-api.dev/problems/too-many-requests";
            case 503 -> "https://focus-api.dev/problems/service-unavailable";
            default -> status >= 500 ? "https://focus-api.dev/problems/internal-error" : "about:blank";
        };
    }
}
