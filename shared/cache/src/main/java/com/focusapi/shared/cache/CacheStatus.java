package com.focusapi.shared.cache;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;

/**
 * The cache part of {@code GET /api/health}, exactly the guide's shape:
 * {@code {"enabled":true,"status":"connected","version":"7.0.15","used_memory":"1.02M","total_keys":3}}.
 * {@code error} appears only when Redis cannot be reached.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheStatus(
        boolean enabled,
        String status,
        @Nullable String version,
        @Nullable String usedMemory,
        @Nullable Long totalKeys,
        @Nullable String error) {

    public static CacheStatus disabled() {
        return new CacheStatus(false, "disabled", null, null, null, null);
    }

    public static CacheStatus unreachable(String error) {
        return new CacheStatus(true, "disconnected", null, null, null, error);
    }

    @JsonIgnore
    public boolean isConnected() {
        return enabled && "connected".equals(status);
    }
}
