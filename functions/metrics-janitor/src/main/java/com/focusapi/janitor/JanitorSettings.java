package com.focusapi.janitor;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The metrics janitor: {@code JANITOR_MAX_AGE_SECONDS} is how long a Pushgateway group may go without a
 * push before it is deleted (an execution environment that Lambda reclaimed never says goodbye). Keep it
 * well above {@code PUSHGATEWAY_MIN_INTERVAL_MS} and the longest idle time of a warm environment you want
 * to keep on the dashboards.
 */
@ConfigurationProperties("janitor")
public class JanitorSettings {
    private long maxAgeSeconds = 900;

    public long getMaxAgeSeconds() {
        return maxAgeSeconds;
    }

    public void setMaxAgeSeconds(long maxAgeSeconds) {
        this.maxAgeSeconds = maxAgeSeconds;
    }
}
