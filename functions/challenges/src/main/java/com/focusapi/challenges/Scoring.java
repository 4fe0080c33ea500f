package com.focusapi.challenges;

import com.focusapi.shared.accounts.PublicProfile;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The spec's leaderboard rules, pure (no database, no clock): for each active participant, total = minutes
 * inside the window up to today; days = elapsed days of the window (at least 1); daily average = total / days;
 * score = max(0, target × days − total); goal per type; ranking by score descending, equal scores sharing a
 * rank (1, 2, 2, 4). Display order among equal scores: less time first, then user id.
 */
public final class Scoring {
    private Scoring() {}

    /** The parts of a challenge the scores depend on. */
    public record Rules(String challengeType, int targetMinutes, LocalDate startDate, LocalDate endDate) {}

    /** One participant's raw minutes: the total and the total of each week of the window (week 0 = first 7 days). */
    public record Totals(
            long userId,
            PublicProfile user,
            OffsetDateTime joinedAt,
            int totalMinutes,
            Map<Integer, Integer> minutesByWeek) {}

    /** Last day counted: the end date, or today while the window is running. */
    public static LocalDate countedUntil(Rules rules, LocalDate today) {
        return today.isBefore(rules.endDate()) ? today : rules.endDate();
    }

    /** Elapsed days of the window, at least 1 (so a challenge that has not started yet scores against one day). */
    public static int elapsedDays(Rules rules, LocalDate today) {
        long days = ChronoUnit.DAYS.between(rules.startDate(), countedUntil(rules, today)) + 1;
        return (int) Math.max(1, days);
    }

    /** Weeks of the window fully elapsed: 7 consecutive days from the start, all inside the window and up to today. */
    public static int fullWeeks(Rules rules, LocalDate today) {
        long days = ChronoUnit.DAYS.between(rules.startDate(), countedUntil(rules, today)) + 1;
        return (int) Math.max(0, days / 7);
    }

    public static List<Leaderboard.Entry> rank(Rules rules, LocalDate today, List<Totals> participants) {
        int days = elapsedDays(rules, today);
        int weeks = fullWeeks(rules, today);
        long allowance = (long) rules.targetMinutes() * days;
        List<Totals> ordered = new ArrayList<>(participants);
        ordered.sort(Comparator.<Totals>comparingLong(t -> score(allowance, t))
                .reversed()
                .thenComparingInt(Totals::totalMinutes)
                .thenComparingLong(Totals::userId));
        List<Leaderboard.Entry> entries = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Totals t = ordered.get(i);
            int score = score(allowance, t);
            int rank = i > 0 && entries.get(i - 1).score() == score
                    ? entries.get(i - 1).rank()
                    : i + 1;
            double average = Math.round(t.totalMinutes() * 100.0 / days) / 100.0;
            entries.add(new Leaderboard.Entry(
                    t.userId(),
                    t.user(),
                    t.totalMinutes(),
                    average,
                    goalAchieved(rules, days, weeks, t),
                    score,
                    rank,
                    t.joinedAt()));
        }
        return entries;
    }

    private static int score(long allowance, Totals t) {
        return (int) Math.max(0, allowance - t.totalMinutes());
    }

    /**
     * minimize_time: total ≤ target × days; daily_goal: daily average ≤ target; weekly_goal: every full week's
     * total ≤ target × 7 (while no full week has elapsed: total ≤ target × days, rather than a goal achieved by
     * default).
     */
    static boolean goalAchieved(Rules rules, int days, int weeks, Totals t) {
        int target = rules.targetMinutes();
        return switch (rules.challengeType()) {
            case "minimize_time" -> t.totalMinutes() <= (long) target * days;
            case "daily_goal" -> t.totalMinutes() <= (long) target * days; // average ≤ target, without rounding
            case "weekly_goal" -> {
                if (weeks == 0) {
                    yield t.totalMinutes() <= (long) target * days;
                }
                for (int week = 0; week < weeks; week++) {
                    if (t.minutesByWeek().getOrDefault(week, 0) > target * 7L) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> throw new IllegalArgumentException("Unknown challenge type " + rules.challengeType());
        };
    }
}
