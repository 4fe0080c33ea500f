package com.focusapi.shared.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code METRICS_ENABLED} and {@code METRICS_ENDPOINT} of the guide. */
@ConfigurationProperties("metrics")
public class MetricsSettings {
    private boolean enabled = true;
    private String endpoint = "/metrics";

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
}
