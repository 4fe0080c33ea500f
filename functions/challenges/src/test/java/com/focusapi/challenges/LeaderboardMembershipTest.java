package com.focusapi.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.accounts.PublicProfile;
import com.focusapi.shared.http.JsonConventions;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The membership test of a private challenge, read from a board's JSON without decoding it. */
class LeaderboardMembershipTest {
    private static final ObjectMapper JSON = JsonConventions.configure(new ObjectMapper());

    @Test
    void findsExactlyTheListedParticipants() throws Exception {
        String board = JSON.writeValueAsString(
                new Leaderboard(9, "Title with \"user_id\": 77", "active", 2, List.of(entry(12, 2), entry(5, 1))));
        assertThat(LeaderboardMembership.lists(board, 12)).isTrue();
        assertThat(LeaderboardMembership.lists(board, 5)).isTrue();
        // Not the challenge's id, not a number in the title, not a rank or a score.
        assertThat(LeaderboardMembership.lists(board, 9)).isFalse();
        assertThat(LeaderboardMembership.lists(board, 77)).isFalse();
        assertThat(LeaderboardMembership.lists(board, 1)).isFalse();
        assertThat(LeaderboardMembership.lists(board, 30)).isFalse();
    }

    @Test
    void anEmptyBoardListsNobody() throws Exception {
        String board = JSON.writeValueAsString(new Leaderboard(9, "t", "active", 0, List.of()));
        assertThat(LeaderboardMembership.lists(board, 12)).isFalse();
        assertThat(LeaderboardMembership.lists("{}", 12)).isFalse();
    }

    private static Leaderboard.Entry entry(long userId, int rank) {
        return new Leaderboard.Entry(
                userId,
                new PublicProfile(userId, "user" + userId, "User " + userId, null),
                30,
                1.5,
                true,
                30,
                rank,
                OffsetDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC));
    }
}
