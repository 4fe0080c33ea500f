package com.focusapi.challenges;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The "challenge" message. What the cache holds ({@code challenge:{id}}) is always built with a null
 * {@code invitation_code}; {@link #withInvitationCode} adds it per request, for participants only.
 */
@Introspected
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChallengeResponse(
        long id,
        String title,
        @Nullable String description,
        String challengeType,
        @Nullable String targetApp,
        int targetMinutes,
        LocalDate startDate,
        LocalDate endDate,
        int maxParticipants,
        boolean isPrivate,
        @Nullable String invitationCode,
        String status,
        long creatorId,
        @Nullable Long winnerId,
        int participantsCount,
        boolean isFull,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public ChallengeResponse withInvitationCode(String code) {
        return new ChallengeResponse(
                id,
                title,
                description,
                challengeType,
                targetApp,
                targetMinutes,
                startDate,
                endDate,
                maxParticipants,
                isPrivate,
                code,
                status,
                creatorId,
                winnerId,
                participantsCount,
                isFull,
                createdAt,
                updatedAt);
    }

    public ChallengeResponse withoutInvitationCode() {
        return withInvitationCode(null);
    }
}
