package com.focusapi.activities;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The "activity (response)" message. {@code limit} is there when the app has a daily limit (blocked apps), in
 * the answers of a create or an update: that app's usage today after the write, and whether this very write
 * first crossed the warning threshold today ({@code warning}); {@code blocked} is usage &ge; limit.
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActivityResponse(
        long id,
        long userId,
        String appName,
        @Nullable String appPackage,
        @Nullable String appCategory,
        int durationMinutes,
        @Nullable OffsetDateTime startTime,
        @Nullable OffsetDateTime endTime,
        LocalDate activityDate,
        @Nullable String deviceType,
        @Nullable String sessionId,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Limit limit) {

    /** The "limit" block of the wire format. */
    @Introspected
    public record Limit(
            String appName, int usageTodayMinutes, int dailyLimitMinutes, boolean blocked, boolean warning) {}

    public ActivityResponse withLimit(Limit value) {
        return new ActivityResponse(
                id,
                userId,
                appName,
                appPackage,
                appCategory,
                durationMinutes,
                startTime,
                endTime,
                activityDate,
                deviceType,
                sessionId,
                createdAt,
                updatedAt,
                value);
    }
}
