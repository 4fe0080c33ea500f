package com.focusapi.challenges;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** The "challenge" message as a client creates it. The window rules (1–30 days, not in the past) are in {@link ChallengeService}. */
@Introspected
public record ChallengeRequest(
        @NotBlank @Size(max = 100) String title,
        @Nullable @Size(max = 1000) String description,

        @NotNull
        @Pattern(
                regexp = "minimize_time|daily_goal|weekly_goal",
                message = "must be one of minimize_time, daily_goal, weekly_goal")
        String challengeType,

        @Nullable @Size(max = 100) String targetApp,
        @NotNull @Positive @Max(1440) Integer targetMinutes,
        @NotNull LocalDate startDate,
        @NotNull LocalDate endDate,
        @Nullable @Min(2) @Max(50) Integer maxParticipants,
        @Nullable Boolean isPrivate) {

    /** The "join (request)" message. */
    @Introspected
    public record Join(@Nullable @Size(max = 100) String invitationCode) {}
}
