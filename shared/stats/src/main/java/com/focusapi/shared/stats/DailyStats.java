package com.focusapi.shared.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.util.List;

/** The "daily stats" message: one calendar date of one user, apps by minutes descending. */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record DailyStats(
        LocalDate date,
        long totalMinutes,
        double totalHours,
        int appsUsed,
        @Nullable String mostUsedApp,
        long mostUsedAppMinutes,
        List<AppUsage> apps) {}
