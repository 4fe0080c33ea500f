package com.focusapi.gauges;

import com.focusapi.shared.metrics.MetricsPublishing;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda handler of the business gauges, triggered by an EventBridge schedule (the event's content is
 * not used): counts users and challenges (tables of migrations V2 and V5) in PostgreSQL and sets the gauges
 * {@code focus_api_users_total{status}}, {@code focus_api_challenges_total{status}} and
 * {@code focus_api_challenges_participants_total}; the push after the invocation carries them out. A
 * database error fails the invocation loudly (the schedule runs it again in 5 minutes).
 */
public class BusinessGaugesHandler extends MicronautRequestHandler<Map<String, Object>, BusinessGaugesHandler.Report> {
    private static final Logger LOG = LoggerFactory.getLogger(BusinessGaugesHandler.class);

    @Inject
    GaugeQueries queries;

    @Inject
    BusinessGauges gauges;

    @Inject
    MetricsPublishing publishing;

    /** What one run set. */
    public record Report(Map<String, Long> users, Map<String, Long> challenges, long challengeParticipants) {}

    /** What Lambda calls. */
    public BusinessGaugesHandler() {
        super();
    }

    /** The same handler over given properties (tests, the local API's {@code invoke}). */
    public BusinessGaugesHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public Report execute(Map<String, Object> scheduledEvent) {
        // Not an HTTP function: no server filter marks the start and end of the invocation, so they are marked here.
        publishing.beforeInvocation();
        try {
            Map<String, Long> users = queries.usersByStatus();
            gauges.setUsers(users);
            Map<String, Long> challenges = queries.challengesByStatus();
            long participants = queries.activeChallengeParticipants();
            gauges.setChallenges(challenges);
            gauges.setChallengeParticipants(participants);
            LOG.info(
                    "Users by status {}; challenges by status {}; active participants {}",
                    users,
                    challenges,
                    participants);
            return new Report(users, challenges, participants);
        } finally {
            publishing.afterInvocation();
        }
    }
}
