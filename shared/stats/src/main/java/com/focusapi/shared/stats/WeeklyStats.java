package com.focusapi.shared.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import java.time.LocalDate;
import java.util.List;

/** The "weekly stats" message: the seven days ending {@code end_date}, top 5 apps. */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record WeeklyStats(
        LocalDate startDate,
        LocalDate endDate,
        long totalMinutes,
        double totalHours,
        double dailyAverageMinutes,
        int appsUsed,
        List<AppUsage> topApps) {}
