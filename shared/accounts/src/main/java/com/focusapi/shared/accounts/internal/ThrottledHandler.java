package com.focusapi.shared.accounts.internal;

import com.focusapi.shared.accounts.ThrottledException;
import com.focusapi.shared.http.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** The 429 problem with its {@code Retry-After} header (RFC 9110 §10.2.3). */
@Singleton
public class ThrottledHandler implements ExceptionHandler<ThrottledException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ThrottledException exception) {
        Problem problem =
                Problem.of(429, "Too Many Requests", exception.getMessage()).withInstance(request.getPath());
        return HttpResponse.<Problem>status(HttpStatus.TOO_MANY_REQUESTS)
                .header("Retry-After", Long.toString(exception.retryAfterSeconds()))
                .body(problem)
                .contentType(Problem.CONTENT_TYPE);
    }
}
