package com.focusapi.challenges.lifecycle;

import com.focusapi.shared.metrics.MetricsPublishing;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The Lambda handler of the challenge lifecycle (ChallengeLifecycleFunction), triggered by an EventBridge
 * schedule (the event's content is not used). Ships in the challenges function's jar. A database error fails
 * the invocation loudly; the next run (5 minutes later) picks up where it stopped.
 */
public class ChallengeLifecycleHandler extends MicronautRequestHandler<Map<String, Object>, ChallengeLifecycle.Report> {
    @Inject
    ChallengeLifecycle lifecycle;

    @Inject
    MetricsPublishing publishing;

    /** What Lambda calls. */
    public ChallengeLifecycleHandler() {
        super();
    }

    /** The same handler over given properties (tests, the local API's {@code invoke}). */
    public ChallengeLifecycleHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public ChallengeLifecycle.Report execute(Map<String, Object> scheduledEvent) {
        // Not an HTTP function: no server filter marks the invocation, so it is marked here.
        publishing.beforeInvocation();
        try {
            return lifecycle.run();
        } finally {
            publishing.afterInvocation();
        }
    }
}
