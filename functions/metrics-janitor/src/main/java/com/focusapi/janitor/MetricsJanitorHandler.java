package com.focusapi.janitor;

import com.focusapi.shared.metrics.MetricsPublishing;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The Lambda handler of the janitor, triggered by an EventBridge schedule (the event's content is not
 * used). Failing loudly is right here: the schedule retries and the error shows in the function's metrics.
 */
public class MetricsJanitorHandler extends MicronautRequestHandler<Map<String, Object>, PushgatewayJanitor.Report> {
    @Inject
    PushgatewayJanitor janitor;

    @Inject
    MetricsPublishing publishing;

    /** What Lambda calls. */
    public MetricsJanitorHandler() {
        super();
    }

    /** For tests: the same handler over given properties. */
    public MetricsJanitorHandler(io.micronaut.context.ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public PushgatewayJanitor.Report execute(Map<String, Object> scheduledEvent) {
        // Not an HTTP function: no server filter marks the start and end of the invocation, so they are marked here.
        publishing.beforeInvocation();
        try {
            return janitor.run(Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            publishing.afterInvocation();
        }
    }
}
