package com.focusapi.shared.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code PUSHGATEWAY_URL} (empty: no push), {@code PUSHGATEWAY_JOB}, {@code PUSHGATEWAY_TIMEOUT_MS} (connect
 * and read timeout of one push) and {@code PUSHGATEWAY_MIN_INTERVAL_MS} (an environment pushes at most once
 * per interval; 0 pushes after every invocation, pushes that pile up while one is in flight are merged).
 */
@ConfigurationProperties("pushgateway")
public class PushgatewaySettings {
    private @Nullable String url;
    private String job = "focus-api";
    private int timeoutMs = 1000;
    private long minIntervalMs = 0;

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public String getJob() {
        return job;
    }

    public void setJob(String job) {
        this.job = job;
    }

    public int getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    public long getMinIntervalMs() {
        return minIntervalMs;
    }

    public void setMinIntervalMs(long minIntervalMs) {
        this.minIntervalMs = minIntervalMs;
    }

    public boolean isEnabled() {
        return url != null && !url.isBlank();
    }
}
