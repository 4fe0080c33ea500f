package com.focusapi.shared.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.OffsetDateTime;

/** The "per-app entry" of the wire format. */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record AppUsage(
        String appName,
        long totalMinutes,
        double totalHours,
        long sessionCount,
        double averageSessionMinutes,
        @Nullable OffsetDateTime lastUsed) {}
