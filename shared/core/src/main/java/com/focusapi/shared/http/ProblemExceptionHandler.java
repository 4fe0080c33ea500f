package com.focusapi.shared.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns a {@link ProblemException} thrown by a service into its problem answer. */
@Singleton
public class ProblemExceptionHandler implements ExceptionHandler<ProblemException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ProblemException exception) {
        Problem problem = new Problem(
                        Problem.typeFor(exception.status()),
                        exception.title(),
                        exception.status(),
                        exception.getMessage(),
                        request.getPath(),
                        null)
                .withErrors(exception.errors());
        return HttpResponse.<Problem>status(HttpStatus.valueOf(exception.status()))
                .body(problem)
                .contentType(Problem.CONTENT_TYPE);
    }
}
