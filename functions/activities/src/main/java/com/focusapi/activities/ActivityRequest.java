package com.focusapi.activities;

import com.focusapi.shared.text.Length;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The "activity (request)" message, for create (POST) and full replacement (PUT). {@code activity_date} also
 * takes a datetime (its date part is kept: see JsonConventions).
 */
@Introspected
public record ActivityRequest(
        @NotBlank @Length(max = 100) @Schema(maxLength = 100)
        String appName,

        @Nullable @Length(max = 255) @Schema(maxLength = 255)
        String appPackage,

        @Nullable @Length(min = 1, max = 50) @Schema(minLength = 1, maxLength = 50)
        String appCategory,

        @NotNull @Positive @Max(1440) Integer durationMinutes,
        @Nullable OffsetDateTime startTime,
        @Nullable OffsetDateTime endTime,
        @Nullable LocalDate activityDate,
        @Nullable @Length(max = 50) @Schema(maxLength = 50) String deviceType,

        @Nullable @Length(max = 100) @Schema(maxLength = 100)
        String sessionId) {}
