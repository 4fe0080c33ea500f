package com.focusapi.shared.metrics;

import com.focusapi.shared.metrics.internal.ExactNamesCollector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges a scheduled function sets from the database: {@code users_total{status}},
 * {@code challenges_total{status}} and {@code challenges_participants_total}. Each call replaces the values
 * of the statuses it names; a status that disappeared should be passed with 0 so that its series drops to 0
 * rather than keeping its last value.
 */
@Singleton
public class BusinessGauges {
    private final MeterRegistry registry;
    private final ExactNamesCollector exact;

    public BusinessGauges(MeterRegistry registry, ExactNamesCollector exact) {
        this.registry = registry;
        this.exact = exact;
    }

    /** {@code focus_api_users_total{status}}: statuses such as active, inactive, verified. */
    public void setUsers(Map<String, Long> countByStatus) {
        countByStatus.forEach((status, count) -> set(MetricNames.USERS, "status", status, count));
    }

    /** {@code focus_api_challenges_total{status}}: pending, active, completed, cancelled. */
    public void setChallenges(Map<String, Long> countByStatus) {
        countByStatus.forEach((status, count) -> set(MetricNames.CHALLENGES, "status", status, count));
    }

    /** {@code focus_api_challenges_participants_total}: active participants of active challenges. */
    public void setChallengeParticipants(long count) {
        set(MetricNames.CHALLENGES_PARTICIPANTS, null, null, count);
    }

    private void set(String name, String labelName, String labelValue, long value) {
        boolean fresh = labelName != null ? !exists(name, labelName, labelValue) : registry.find(name).gauge() == null;
        AtomicLong holder = exact.gauge(name, labelName, labelValue);
        holder.set(value);
        if (fresh) {
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, holder, AtomicLong::get);
            if (labelName != null) {
                gauge.tag(labelName, labelValue);
            }
            gauge.register(registry);
        }
    }

    private boolean exists(String name, String labelName, String labelValue) {
        return registry.find(name).tag(labelName, labelValue).gauge() != null;
    }
}
