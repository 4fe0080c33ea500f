package com.focusapi.activities;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The "activity (response)" message. The {@code limit} block of the spec belongs to blocked apps (a later
 * issue) and is absent until that resource exists.
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActivityResponse(long id, long userId, String appName, String appPackage, String appCategory,
                               int durationMinutes, OffsetDateTime startTime, OffsetDateTime endTime,
                               LocalDate activityDate, String deviceType, String sessionId,
                               OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
