package com.focusapi.shared.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** Per-app statistics over a date range, with the minutes of each day that had any. */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS) // every field of the wire format is present, null or not
public record AppRangeStats(
        String appName,
        LocalDate startDate,
        LocalDate endDate,
        long totalMinutes,
        double totalHours,
        long sessionCount,
        double averageSessionMinutes,
        @Nullable OffsetDateTime lastUsed,
        List<DayMinutes> days) {

    @Introspected
    public record DayMinutes(LocalDate date, long totalMinutes) {}
}
