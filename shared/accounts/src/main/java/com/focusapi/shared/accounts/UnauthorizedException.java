package com.focusapi.shared.accounts;

import com.focusapi.shared.http.ProblemException;

/** A 401: missing, expired, forged or otherwise unacceptable credentials. Rendered with {@code WWW-Authenticate}. */
public class UnauthorizedException extends ProblemException {
    public UnauthorizedException(String detail) {
        super(401, "Unauthorized", detail);
    }
}
