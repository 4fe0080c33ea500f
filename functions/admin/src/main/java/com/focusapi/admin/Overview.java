package com.focusapi.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Introspected;
import java.util.Map;

/**
 * {@code GET /api/admin/stats/overview}: global counts, read from PostgreSQL on each call (never cached).
 * {@code challenges} is absent while the challenges table does not exist.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Overview(
        String date, Users users, Activities activities, BlockedApps blockedApps, Challenges challenges) {

    /** Disjoint statuses (as the {@code users_total} gauge): active + inactive + unverified = total. */
    @Introspected
    public record Users(long total, long active, long inactive, long unverified, long admins) {}

    @Introspected
    public record Activities(
            long today,
            long minutesToday,
            @JsonProperty("last_7_days") long last7Days,
            @JsonProperty("minutes_last_7_days") long minutesLast7Days,
            long total,
            long totalMinutes) {}

    @Introspected
    public record BlockedApps(long total, long blocked) {}

    @Introspected
    public record Challenges(long total, Map<String, Long> byStatus) {}
}
