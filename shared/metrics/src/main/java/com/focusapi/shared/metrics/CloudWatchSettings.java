package com.focusapi.shared.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code CLOUDWATCH_ENABLED}, {@code CLOUDWATCH_NAMESPACE}, {@code CLOUDWATCH_STEP_SECONDS} (the period
 * a datum covers), {@code CLOUDWATCH_REGION} (empty: the SDK's default chain, i.e. {@code AWS_REGION} in
 * Lambda) and {@code CLOUDWATCH_ENDPOINT} (an endpoint override, for tests against a local server).
 */
@ConfigurationProperties("cloudwatch")
public class CloudWatchSettings {
    private boolean enabled = false;
    private String namespace = "FocusApi";
    private int stepSeconds = 60;
    private @Nullable String region;
    private @Nullable String endpoint;
    private int timeoutMs = 2000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public int getStepSeconds() {
        return stepSeconds;
    }

    public void setStepSeconds(int stepSeconds) {
        this.stepSeconds = stepSeconds;
    }

    public @Nullable String getRegion() {
        return region;
    }

    public void setRegion(@Nullable String region) {
        this.region = region;
    }

    public @Nullable String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(@Nullable String endpoint) {
        this.endpoint = endpoint;
    }

    public int getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }
}
