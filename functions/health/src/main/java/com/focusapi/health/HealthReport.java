package com.focusapi.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.focusapi.shared.cache.CacheStatus;

/**
 * The guide's health document: {@code status} is {@code healthy}, {@code degraded} (the cache is enabled
 * but unreachable: the API still works, slower) or {@code unhealthy} (no database: the API cannot work).
 */
public record HealthReport(String status, String database, CacheStatus cache) {

    static HealthReport of(boolean databaseConnected, CacheStatus cache) {
        String status;
        if (!databaseConnected) {
            status = "unhealthy";
        } else if (cache.enabled() && !cache.isConnected()) {
            status = "degraded";
        } else {
            status = "healthy";
        }
        return new HealthReport(status, databaseConnected ? "connected" : "disconnected", cache);
    }

    @JsonIgnore
    public boolean isUnhealthy() {
        return "unhealthy".equals(status);
    }
}
