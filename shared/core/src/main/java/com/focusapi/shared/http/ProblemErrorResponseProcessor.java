package com.focusapi.shared.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.focusapi.shared.persistence.DatabaseUnavailableException;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;

/**
 * Renders every error the framework produces (unknown route, wrong method, malformed JSON, failed
 * validation, unhandled exception) as {@code application/problem+json}. Micronaut's default processor
 * steps aside when this bean exists, so one format holds for all functions.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(
            ErrorContext errorContext, MutableHttpResponse<?> baseResponse) {
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Problem> response = (MutableHttpResponse<Problem>) baseResponse;
        if (errorContext.getRequest().getMethod() == HttpMethod.HEAD) {
            return response;
        }
        int status = baseResponse.status().getCode();
        String title = titleFor(baseResponse.status());
        JsonProblem json =
                status < 500 ? JsonProblem.of(errorContext.getRootCause().orElse(null)) : null;
        List<Problem.FieldError> fieldErrors = json != null
                ? json.errors()
                : errorContext.getErrors().stream()
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
     * An input the reader refused, said in the client's terms: which field (its wire name), and what is
     * expected there. Jackson's and the converters' own messages name Java classes, Java parameter names and
     * parser internals; they go to the log only.
     */
    record JsonProblem(String detail, List<Problem.FieldError> errors) {
        static final String OBJECT_EXPECTED = "The request body must be a JSON object.";

        static JsonProblem of(Throwable cause) {
            JsonMappingException withPath = null;
            InputCoercionException outOfRange = null;
            boolean malformed = false;
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof UnrecognizedPropertyException unknown) {
                    String field = unknown.getPropertyName();
                    return new JsonProblem(
                            "Unknown field '" + field + "'.",
                            List.of(new Problem.FieldError(path(unknown, field), "unknown field")));
                }
                if (t instanceof UnsatisfiedBodyRouteException) {
                    return new JsonProblem(
                            OBJECT_EXPECTED, List.of(new Problem.FieldError("body", "must be a JSON object")));
                }
                if (t instanceof UnsatisfiedRouteException missing) {
                    String field = wireName(missing.getArgument());
                    return new JsonProblem(
                            "Missing value for '" + field + "'.",
                            List.of(new Problem.FieldError(field, "is required")));
                }
                if (t instanceof ConversionErrorException conversion) {
                    String field = wireName(conversion.getArgument());
                    String expected = expected(conversion.getArgument().getType());
                    return new JsonProblem(
                            "Invalid value for '" + field + "': " + expected + ".",
                            List.of(new Problem.FieldError(field, expected)));
                }
                if (t instanceof JsonMappingException mapping
                        && withPath == null
                        && !mapping.getPath().isEmpty()) {
                    withPath = mapping;
                }
                if (t instanceof InputCoercionException coercion) {
                    outOfRange = coercion;
                } else if (t instanceof StreamReadException) {
                    malformed = true;
                }
            }
            if (malformed) {
                return new JsonProblem("The request body is not valid JSON.", List.of());
            }
            if (withPath != null) {
                String field = path(withPath, null);
                String expected = withPath instanceof StorableValues.RejectedValueException rejected
                        ? rejected.expectation()
                        : outOfRange != null
                                ? outOfRange(outOfRange.getTargetType())
                                : withPath instanceof MismatchedInputException mismatch
                                        ? expected(mismatch.getTargetType())
                                        : "invalid value";
                return new JsonProblem(
                        "Invalid value for '" + field + "': " + expected + ".",
                        List.of(new Problem.FieldError(field, expected)));
            }
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof MismatchedInputException) {
                    // At the root: the body is a number, a string, an array, not the object every route reads.
                    return new JsonProblem(
                            OBJECT_EXPECTED, List.of(new Problem.FieldError("body", "must be a JSON object")));
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
                    .reduce((a, b) -> a + "." + b)
                    .orElse(fallback);
            return joined == null ? "body" : joined;
        }

        /** The name the client wrote: {@code @QueryValue("page_size")}, else the parameter's name in snake_case. */
        static String wireName(Argument<?> argument) {
            AnnotationMetadata annotations = argument.getAnnotationMetadata();
            for (Class<? extends Annotation> binding : List.of(QueryValue.class, PathVariable.class, Header.class)) {
                var name = annotations.stringValue(binding).filter(n -> !n.isBlank());
                if (name.isPresent()) {
                    return name.get();
                }
            }
            return fieldName(argument.getName());
        }

        /** What a value of {@code type} looks like on the wire. */
        static String expected(Class<?> type) {
            if (type == null) {
                return "invalid value";
            }
            if (type == int.class
                    || type == Integer.class
                    || type == long.class
                    || type == Long.class
                    || type == short.class
                    || type == Short.class
                    || type == BigInteger.class) {
                return "must be a whole number";
            }
            if (type == double.class
                    || type == Double.class
                    || type == float.class
                    || type == Float.class
                    || type == BigDecimal.class) {
                return "must be a number";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "must be true or false";
            }
            if (CharSequence.class.isAssignableFrom(type)) {
                return "must be a string";
            }
            if (type == LocalDate.class) {
                return "must be a date (YYYY-MM-DD)";
            }
            if (type == OffsetDateTime.class || type == Instant.class || type == ZonedDateTime.class) {
                return "must be a date-time with its offset (ISO-8601, e.g. 2026-03-10T20:00:00+01:00)";
            }
            if (type == LocalTime.class) {
                return "must be a time of day (HH:MM)";
            }
            if (type.isArray() || Collection.class.isAssignableFrom(type)) {
                return "must be a list";
            }
            if (type.isEnum()) {
                return "must be one of "
                        + java.util.Arrays.stream(type.getEnumConstants())
                                .map(Object::toString)
                                .map(String::toLowerCase)
                                .toList();
            }
            return "must be a JSON object";
        }

        private static String outOfRange(Class<?> type) {
            if (type == int.class || type == Integer.class) {
                return "must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
            }
            if (type == long.class || type == Long.class) {
                return "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
            }
            return "number out of range";
        }
    }

    /** Validation paths look like {@code create.request.durationMinutes}: keep the last segment, in snake_case. */
    static String fieldName(String path) {
        String last = path.substring(Math.max(path.lastIndexOf('.'), path.lastIndexOf('/')) + 1);
        return last.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static String titleFor(HttpStatus status) {
        return status.getReason();
    }
}
