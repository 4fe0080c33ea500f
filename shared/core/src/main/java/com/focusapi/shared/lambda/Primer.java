package com.focusapi.shared.lambda;

/**
 * One client warmed by {@link SnapStartPriming} besides the HTTP requests, e.g. a database {@code SELECT 1}
 * or a Redis {@code PING}: what the first real request would otherwise pay for (driver classes, the first
 * round trip). It must not read or write any user's data.
 */
public interface Primer {
    /** Shown in the priming log line and report. */
    String name();

    /** Warms the client; what it returns (e.g. "PONG") goes into the report. Thrown exceptions are reported. */
    String prime() throws Exception;
}
