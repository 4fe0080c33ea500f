package com.focusapi.shared.http;

import java.util.List;

/**
 * Thrown by services to end a request with a problem answer; rendered by the shared error processor.
 * Services use the named factories, so one status always carries the same title; the constructors are for
 * subclasses that carry more (a {@code WWW-Authenticate} or {@code Retry-After} header through their handler).
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    protected ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    protected ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 400 naming the offending fields. */
    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, "Bad Request", detail, errors);
    }

    /** 400 for one field, detail "Invalid field: {field}". */
    public static ProblemException invalidField(String field, String message) {
        return badRequest("Invalid field: " + field, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    /** 400 without field errors (a request that is not what the route takes). */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    /** 409: the resource's state does not allow the action (already joined, full, not pending...). */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    /** 409: a unique value (email, username) is taken; the errors name the field. */
    public static ProblemException conflict(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(409, "Conflict", detail, errors);
    }

    /** 422: well-formed, but it cannot be applied (an Idempotency-Key reused with another body). */
    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }

    /** 422 naming the fields whose values are well-formed but implausible (a date in the future). */
    public static ProblemException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(422, "Unprocessable Content", detail, errors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
