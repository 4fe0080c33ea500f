package com.focusapi.shared.http;

import com.focusapi.shared.persistence.DatabaseRejectedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under the services' own checks: values PostgreSQL refused are the client's 4xx, never a
 * 500 (a unique value taken by a concurrent request is a 409, a value out of range a 400). The detail names
 * no table, constraint or SQL; the log keeps the SQLState and the constraint so a missing check can be found.
 * Services that know which field it was (a username) catch {@link DatabaseRejectedException} first.
 */
@Singleton
public class DatabaseRejectedHandler implements ExceptionHandler<DatabaseRejectedException, HttpResponse<Problem>> {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRejectedHandler.class);

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, DatabaseRejectedException exception) {
        LOG.warn(
                "Database rejected {} {}: SQLState {}, constraint {}",
                request.getMethod(),
                request.getPath(),
                exception.sqlState(),
                exception.constraint());
        Problem problem = switch (exception.reason()) {
            case CONFLICT ->
                Problem.of(
                        409,
                        "Conflict",
                        "The request conflicts with the current state: a value that must be unique is"
                                + " already taken, or something it refers to no longer exists.");
            case INVALID_VALUE ->
                Problem.of(400, "Bad Request", "A value of the request is outside the range the API can store.");
            case BROKEN_RULE ->
                Problem.of(422, "Unprocessable Content", "The request breaks a rule of the data it changes.");
        };
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .body(problem.withInstance(request.getPath()))
                .contentType(Problem.CONTENT_TYPE);
    }
}
