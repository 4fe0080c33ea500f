package com.focusapi.blockedapps;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.LocalTime;

/**
 * A limit as a client sends it, for create (POST: {@code app_name} required, the rest defaulted) and update
 * (PUT: every field optional, an absent one keeps its value). The block window is given as both ends or none.
 */
@Introspected
public record BlockedAppRequest(
        @Nullable @Size(max = 100) String appName,
        @Nullable @Size(max = 255) String appPackage,
        @Nullable @Size(min = 1, max = 50) String appCategory,
        @Nullable @Min(1) @Max(1440) Integer dailyLimitMinutes,
        @Nullable Boolean isBlocked,
        @Nullable LocalTime blockStartTime,
        @Nullable LocalTime blockEndTime,
        @Nullable Boolean blockOnWeekends,
        @Nullable @Min(1) @Max(100) Integer notifyAtPercentage) {}
