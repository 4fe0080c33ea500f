package com.focusapi.shared.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * The "user stats" message ({@code me/stats}, {@code {id}/stats}), cached as {@code user:{id}:stats}.
 * {@code progress_vs_limit} is today's minutes as a percentage of the user's daily limit.
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record UserStats(
        DailyStats today,
        WeeklyStats thisWeek,
        long totalActivities,
        @Nullable String mostAddictiveApp,
        double progressVsLimit) {}
