package com.focusapi.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.accounts.PublicProfile;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec's leaderboard rules on hand-made totals (the SQL side is covered through the API). */
class ScoringTest {
    private static final LocalDate START = LocalDate.of(2026, 6, 1);

    private static Scoring.Totals totals(long userId, int minutes, Map<Integer, Integer> byWeek) {
        return new Scoring.Totals(userId, new PublicProfile(userId, "u" + userId, null, null), null, minutes, byWeek);
    }

    @Test
    void equalScoresShareARankAndTheNextRankSkips() {
        Scoring.Rules rules = new Scoring.Rules("minimize_time", 60, START, START.plusDays(6));
        LocalDate today = START.plusDays(2); // 3 elapsed days: allowance 180
        List<Leaderboard.Entry> board = Scoring.rank(
                rules,
                today,
                List.of(
                        totals(4, 100, Map.of()),
                        totals(2, 50, Map.of()),
                        totals(1, 10, Map.of()),
                        totals(3, 50, Map.of()),
                        totals(5, 200, Map.of())));
        assertThat(board).extracting(Leaderboard.Entry::userId).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(board).extracting(Leaderboard.Entry::rank).containsExactly(1, 2, 2, 4, 5);
        assertThat(board).extracting(Leaderboard.Entry::score).containsExactly(170, 130, 130, 80, 0);
        assertThat(board).extracting(Leaderboard.Entry::goalAchieved).containsExactly(true, true, true, true, false);
        assertThat(board.get(0).dailyAverage()).isEqualTo(3.33);
    }

    @Test
    void daysAreTheElapsedDaysOfTheWindowAndAtLeastOne() {
        Scoring.Rules rules = new Scoring.Rules("minimize_time", 30, START, START.plusDays(9));
        assertThat(Scoring.elapsedDays(rules, START.minusDays(5))).isEqualTo(1);
        assertThat(Scoring.elapsedDays(rules, START)).isEqualTo(1);
        assertThat(Scoring.elapsedDays(rules, START.plusDays(4))).isEqualTo(5);
        assertThat(Scoring.elapsedDays(rules, START.plusDays(40))).isEqualTo(10);
        assertThat(Scoring.fullWeeks(rules, START.plusDays(5))).isZero();
        assertThat(Scoring.fullWeeks(rules, START.plusDays(6))).isEqualTo(1);
        assertThat(Scoring.fullWeeks(rules, START.plusDays(40))).isEqualTo(1);
    }

    @Test
    void weeklyGoalNeedsEveryFullWeekUnderTheWeeklyTarget() {
        Scoring.Rules rules = new Scoring.Rules("weekly_goal", 60, START, START.plusDays(13)); // weekly cap 420
        LocalDate after = START.plusDays(20);
        List<Leaderboard.Entry> board = Scoring.rank(
                rules,
                after,
                List.of(
                        totals(1, 830, Map.of(0, 400, 1, 430)), // under 14 × 60 in total, over in week 2
                        totals(2, 840, Map.of(0, 420, 1, 420)))); // exactly the cap both weeks
        assertThat(board).extracting(Leaderboard.Entry::userId).containsExactly(1L, 2L);
        assertThat(board).extracting(Leaderboard.Entry::goalAchieved).containsExactly(false, true);
        // Before any full week: measured against the days elapsed so far.
        List<Leaderboard.Entry> early = Scoring.rank(
                rules, START.plusDays(2), List.of(totals(1, 180, Map.of(0, 180)), totals(2, 181, Map.of(0, 181))));
        assertThat(early).extracting(Leaderboard.Entry::goalAchieved).containsExactly(true, false);
    }

    @Test
    void dailyGoalComparesTheDailyAverage() {
        Scoring.Rules rules = new Scoring.Rules("daily_goal", 30, START, START.plusDays(3));
        List<Leaderboard.Entry> board =
                Scoring.rank(rules, START.plusDays(3), List.of(totals(1, 120, Map.of()), totals(2, 121, Map.of())));
        assertThat(board).extracting(Leaderboard.Entry::dailyAverage).containsExactly(30.0, 30.25);
        assertThat(board).extracting(Leaderboard.Entry::goalAchieved).containsExactly(true, false);
        assertThat(board).extracting(Leaderboard.Entry::score).containsExactly(0, 0);
        assertThat(board).extracting(Leaderboard.Entry::rank).containsExactly(1, 1);
    }
}
