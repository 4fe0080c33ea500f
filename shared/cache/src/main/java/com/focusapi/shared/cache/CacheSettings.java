package com.focusapi.shared.cache;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code CACHE_ENABLED} and {@code CACHE_TTL} (seconds) of the guide, and the knobs of the cache module.
 * Every entry lives under {@code NAMESPACE:vSCHEMA_VERSION:}: bumping the schema version on a deploy that
 * changes a cached type makes the new code ignore the old entries (they simply expire), and
 * {@code clearAll} deletes only this namespace.
 */
@ConfigurationProperties("cache")
public class CacheSettings {
    private boolean enabled = true;
    private long ttl = 300;
    private String namespace = "focus";
    private int schemaVersion = 1;
    /** At most this share of a TTL is taken off at random, so keys written together do not expire together. */
    private int ttlJitterPercent = 10;
    /** How long a request that missed waits for another environment that is loading the same key. */
    private long singleFlightWaitMs = 1000;
    /** How long a loader may hold the single-flight lock before others stop waiting for it. */
    private long singleFlightLockMs = 5000;
    /** Breaker: share of failed calls (percent) over the last {@link #breakerWindow} calls that opens it. */
    private int breakerFailureRate = 50;

    private int breakerWindow = 10;
    private int breakerMinimumCalls = 5;
    /** Breaker: how long Redis is skipped once the breaker is open, before one call tries it again. */
    private long breakerOpenMs = 10_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public long getTtl() {
        return ttl;
    }

    public void setTtl(long ttl) {
        this.ttl = ttl;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public int getSchemaVersion() {
        return schemaVersion;
    }

    public void setSchemaVersion(int schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    public int getTtlJitterPercent() {
        return ttlJitterPercent;
    }

    public void setTtlJitterPercent(int ttlJitterPercent) {
        this.ttlJitterPercent = ttlJitterPercent;
    }

    public long getSingleFlightWaitMs() {
        return singleFlightWaitMs;
    }

    public void setSingleFlightWaitMs(long singleFlightWaitMs) {
        this.singleFlightWaitMs = singleFlightWaitMs;
    }

    public long getSingleFlightLockMs() {
        return singleFlightLockMs;
    }

    public void setSingleFlightLockMs(long singleFlightLockMs) {
        this.singleFlightLockMs = singleFlightLockMs;
    }

    public int getBreakerFailureRate() {
        return breakerFailureRate;
    }

    public void setBreakerFailureRate(int breakerFailureRate) {
        this.breakerFailureRate = breakerFailureRate;
    }

    public int getBreakerWindow() {
        return breakerWindow;
    }

    public void setBreakerWindow(int breakerWindow) {
        this.breakerWindow = breakerWindow;
    }

    public int getBreakerMinimumCalls() {
        return breakerMinimumCalls;
    }

    public void setBreakerMinimumCalls(int breakerMinimumCalls) {
        this.breakerMinimumCalls = breakerMinimumCalls;
    }

    public long getBreakerOpenMs() {
        return breakerOpenMs;
    }

    public void setBreakerOpenMs(long breakerOpenMs) {
        this.breakerOpenMs = breakerOpenMs;
    }
}
