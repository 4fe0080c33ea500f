package com.focusapi.blockedapps;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
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
        String appPackage,
        String appCategory,
        int dailyLimitMinutes,
        boolean isBlocked,
        LocalTime blockStartTime,
        LocalTime blockEndTime,
        boolean blockOnWeekends,
        int notifyAtPercentage,
        int usageTodayMinutes,
        double usagePercentage,
        int remainingMinutes,
        boolean shouldBeBlocked,
        OffsetDateTime lastBlockedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
