package com.focusapi.shared.metrics;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code METRICS_ENABLED} and {@code METRICS_ENDPOINT} of the guide, and {@code METRICS_APP_NAME_LIMIT}: how
 * many {@code app_name} values an execution environment labels at a time (those with the most activities);
 * the rest are {@code other}.
 */
@ConfigurationProperties("metrics")
public class MetricsSettings {
    private boolean enabled = true;
    private String endpoint = "/metrics";
    private int appNameLimit = 100;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public int getAppNameLimit() {
        return appNameLimit;
    }

    public void setAppNameLimit(int appNameLimit) {
        this.appNameLimit = appNameLimit;
    }
}
