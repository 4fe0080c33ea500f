package com.focusapi.shared.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Bean-validation failures as a 400 problem whose {@code errors} name each field in its wire (snake_case)
 * spelling, e.g. {@code {"field":"duration_minutes","message":"must be less than or equal to 1440"}}.
 */
@Singleton
@Replaces(ConstraintExceptionHandler.class)
public class ValidationProblemHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ConstraintViolationException exception) {
        List<Problem.FieldError> errors = exception.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " invalid fields";
        Problem problem = Problem.of(400, "Bad Request", detail)
                .withInstance(request.getPath())
                .withErrors(errors);
        return HttpResponse.<Problem>status(HttpStatus.BAD_REQUEST)
                .body(problem)
                .contentType(Problem.CONTENT_TYPE);
    }

    /** The last property of the path ({@code echo.request.durationMinutes} gives {@code duration_minutes}). */
    static String fieldOf(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return name == null ? "body" : ProblemErrorResponseProcessor.fieldName(name);
    }
}
