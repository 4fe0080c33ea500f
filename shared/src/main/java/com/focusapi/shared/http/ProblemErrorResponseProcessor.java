package com.focusapi.shared.http;

import com.focusapi.shared.persistence.DatabaseUnavailableException;
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
        List<Problem.FieldError> fieldErrors = errorContext.getErrors().stream()
                .filter(e -> e.getPath().isPresent())
                .map(e -> new Problem.FieldError(fieldName(e.getPath().get()), e.getMessage()))
                .toList();
        Problem problem = Problem.of(status, title, detail(errorContext, status))
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

    /** Validation paths look like {@code create.request.durationMinutes}: keep the last segment, in snake_case. */
    static String fieldName(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return last.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String titleFor(HttpStatus status) {
        return status.getReason();
    }
}
