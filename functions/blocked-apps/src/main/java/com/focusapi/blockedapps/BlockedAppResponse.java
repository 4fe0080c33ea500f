package com.focusapi.blockedapps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * The "blocked app" message. The last four of the spec's fields are derived on every read from today's
 * activities (UTC day), never stored: usage, percentage of the limit, minutes left, and usage &ge; limit.
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BlockedAppResponse(
        long id,
        String appName,
        @Nullable String appPackage,
        @Nullable String appCategory,
        int dailyLimitMinutes,
        boolean isBlocked,
        @Nullable LocalTime blockStartTime,
        @Nullable LocalTime blockEndTime,
        boolean blockOnWeekends,
        int notifyAtPercentage,
        int usageTodayMinutes,
        double usagePercentage,
        int remainingMinutes,
        boolean shouldBeBlocked,
        @Nullable OffsetDateTime lastBlockedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
