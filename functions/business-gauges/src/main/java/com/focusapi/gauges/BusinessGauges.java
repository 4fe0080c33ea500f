package com.focusapi.gauges;

import com.focusapi.shared.metrics.ExactGauges;
import com.focusapi.shared.metrics.MetricNames;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The gauges a scheduled function sets from the database: {@code users_total{status}},
 * {@code challenges_total{status}} and {@code challenges_participants_total}. Each call replaces the values
 * of the statuses it names; a status that disappeared should be passed with 0 so that its series drops to 0
 * rather than keeping its last value.
 */
@Singleton
public class BusinessGauges {
    private final ExactGauges gauges;

    public BusinessGauges(ExactGauges gauges) {
        this.gauges = gauges;
    }

    /** {@code focus_api_users_total{status}}: statuses such as active, inactive, verified. */
    public void setUsers(Map<String, Long> countByStatus) {
        countByStatus.forEach((status, count) -> gauges.set(MetricNames.USERS, "status", status, count));
    }

    /** {@code focus_api_challenges_total{status}}: pending, active, completed, cancelled. */
    public void setChallenges(Map<String, Long> countByStatus) {
        countByStatus.forEach((status, count) -> gauges.set(MetricNames.CHALLENGES, "status", status, count));
    }

    /** {@code focus_api_challenges_participants_total}: active participants of active challenges. */
    public void setChallengeParticipants(long count) {
        gauges.set(MetricNames.CHALLENGES_PARTICIPANTS, null, null, count);
    }
}
