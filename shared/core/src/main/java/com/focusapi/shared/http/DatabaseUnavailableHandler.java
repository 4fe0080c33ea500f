package com.focusapi.shared.http;

import com.focusapi.shared.persistence.DatabaseUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A database that cannot be reached is a clean, retryable 503, never a 500 with a stack trace. */
@Singleton
public class DatabaseUnavailableHandler
        implements ExceptionHandler<DatabaseUnavailableException, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DatabaseUnavailableException exception) {
        LOG.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getPath(), exception.getMessage());
        Problem problem = Problem.of(503, "Service Unavailable", "The database is unavailable. Retry shortly.")
                .withInstance(request.getPath());
        return HttpResponse.<Problem>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(problem)
                .contentType(Problem.CONTENT_TYPE);
    }
}
