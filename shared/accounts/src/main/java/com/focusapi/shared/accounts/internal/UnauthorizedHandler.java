package com.focusapi.shared.accounts.internal;

import com.focusapi.shared.accounts.UnauthorizedException;
import com.focusapi.shared.http.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 401 problem with the {@code WWW-Authenticate} challenge RFC 6750 asks for. */
@Singleton
public class UnauthorizedHandler implements ExceptionHandler<UnauthorizedException, HttpResponse<Problem>> {
    @Override
    public HttpResponse<Problem> handle(HttpRequest request, UnauthorizedException exception) {
        Problem problem =
                Problem.of(401, "Unauthorized", exception.getMessage()).withInstance(request.getPath());
        return HttpResponse.<Problem>status(HttpStatus.UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer")
                .body(problem)
                .contentType(Problem.CONTENT_TYPE);
    }
}
