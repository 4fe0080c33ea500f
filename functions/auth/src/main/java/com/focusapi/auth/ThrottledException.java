package com.focusapi.auth;

import com.focusapi.shared.http.ProblemException;

/** 429 with the number of seconds after which a retry can succeed. */
public class ThrottledException extends ProblemException {
    private final long retryAfterSeconds;

    public ThrottledException(long retryAfterSeconds) {
        super(429, "Too Many Requests", "Too many failed logins. Retry in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
