package com.focusapi.shared.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/** {@code CACHE_ENABLED} and {@code CACHE_TTL} (seconds) of the guide. */
@ConfigurationProperties("cache")
public class CacheSettings {
    private boolean enabled = true;
    private long ttl = 300;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public long getTtl() { return ttl; }
    public void setTtl(long ttl) { this.ttl = ttl; }
}
