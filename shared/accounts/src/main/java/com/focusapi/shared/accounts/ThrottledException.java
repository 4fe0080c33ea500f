package com.focusapi.shared.accounts;

import com.focusapi.shared.http.ProblemException;

/** 429 with the number of seconds after which a retry can succeed (the {@code Retry-After} header). */
public class ThrottledException extends ProblemException {
    private final long retryAfterSeconds;

    public ThrottledException(long retryAfterSeconds) {
        this("Too many failed password attempts.", retryAfterSeconds);
    }

    public ThrottledException(String reason, long retryAfterSeconds) {
        super(429, "Too Many Requests", reason + " Retry in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
