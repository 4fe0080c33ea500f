package com.focusapi.shared.http;

import com.focusapi.shared.persistence.DatabaseUnavailableException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Renders every error the framework produces (unknown route, wrong method, malformed JSON, failed
 * validation, unhandled exception) as {@code application/problem+json}. Micronaut's default processor
 * steps aside when this bean exists, so one format holds for all functions.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext errorContext, MutableHttpResponse<?> baseResponse) {
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Problem> response = (MutableHttpResponse<Problem>) baseResponse;
        if (errorContext.getRequest().getMethod() == HttpMethod.HEAD) {
            return response;
        }
        int status = baseResponse.status().getCode();
        String title = titleFor(baseResponse.status());
        JsonProblem json = status < 500 ? JsonProblem.of(errorContext.getRootCause().orElse(null)) : null;
        List<Problem.FieldError> fieldErrors = json != null ? json.errors() : errorContext.getErrors().stream()
                .filter(e -> e.getPath().isPresent())
                .map(e -> new Problem.FieldError(fieldName(e.getPath().get()), e.getMessage()))
                .toList();
        Problem problem = Problem.of(status, title, json != null ? json.detail() : detail(errorContext, status))
                .withInstance(errorContext.getRequest().getPath())
                .withErrors(fieldErrors);
        return response.body(problem).contentType(Problem.CONTENT_TYPE);
    }

    private static String detail(ErrorContext context, int status) {
        if (status >= 500 && !(context.getRootCause().orElse(null) instanceof DatabaseUnavailableException)) {
            // Never leak internals (SQL, stack traces) in a 5xx answer; the log has them.
            return "The request could not be completed.";
        }
        Throwable cause = context.getRootCause().orElse(null);
        if (cause instanceof ConversionErrorException conversion) {
            return "Invalid value for '" + conversion.getArgument().getName() + "'.";
        }
        List<Error> errors = context.getErrors();
        if (errors.size() == 1 && errors.get(0).getPath().isEmpty()) {
            return errors.get(0).getMessage();
        }
        if (!errors.isEmpty()) {
            return errors.size() + " invalid field(s).";
        }
        return cause != null && cause.getMessage() != null ? cause.getMessage() : titleFor(HttpStatus.valueOf(status));
    }

    /**
     * A body the JSON reader refused, said in the client's terms: which field, and what is wrong with it.
     * Jackson's own messages name Java classes and list every known property; they go to the log only.
     */
    record JsonProblem(String detail, List<Problem.FieldError> errors) {
        static JsonProblem of(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof UnrecognizedPropertyException unknown) {
                    String field = unknown.getPropertyName();
                    return new JsonProblem("Unknown field '" + field + "'.",
                            List.of(new Problem.FieldError(path(unknown, field), "unknown field")));
                }
                if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                    String field = path(mismatch, null);
                    return new JsonProblem("Invalid value for '" + field + "'.",
                            List.of(new Problem.FieldError(field, "invalid value")));
                }
                if (t instanceof JacksonException) {
                    return new JsonProblem("The request body is not valid JSON.", List.of());
                }
            }
            return null;
        }

        /** {@code limit.app_name}: the JSON path of the failure, in the wire's own names. */
        private static String path(JsonMappingException e, String fallback) {
            String joined = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .reduce((a, b) -> a + "." + b).orElse(fallback);
            return joined == null ? "body" : joined;
        }
    }

    /** Validation paths look like {@code create.request.durationMinutes}: keep the last segment, in snake_case. */
    static String fieldName(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return last.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String titleFor(HttpStatus status) {
        return status.getReason();
    }
}
