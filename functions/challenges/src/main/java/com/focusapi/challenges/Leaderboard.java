package com.focusapi.challenges;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.focusapi.shared.accounts.PublicProfile;
import io.micronaut.core.annotation.Introspected;
import java.time.OffsetDateTime;
import java.util.List;

/** The "leaderboard" message: what {@code challenge:{id}:leaderboard} caches (public profiles only, no secret). */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Leaderboard(
        long challengeId, String challengeTitle, String status, int totalParticipants, List<Entry> participants) {

    @Introspected
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Entry(
            long userId,
            PublicProfile user,
            int totalTimeMinutes,
            double dailyAverage,
            boolean goalAchieved,
            int score,
            int rank,
            OffsetDateTime joinedAt) {}
}
