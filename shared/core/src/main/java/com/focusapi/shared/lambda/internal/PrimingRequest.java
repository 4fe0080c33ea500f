package com.focusapi.shared.lambda.internal;

/** A request of SnapStart priming: a route marked {@code @PrimedBeforeSnapshot}, without credentials. */
public record PrimingRequest(String method, String path, String jsonBody) {
    @Override
    public String toString() {
        return method + " " + path;
    }
}
