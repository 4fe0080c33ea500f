package com.focusapi.shared.http;

import java.util.List;

/**
 * Thrown by services to end a request with a problem answer; rendered by the shared error processor.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "Bad Request", "Invalid field: " + field,
                List.of(new Problem.FieldError(field, message)));
    }

    public int status() { return status; }
    public String title() { return title; }
    public List<Problem.FieldError> errors() { return errors; }
}
