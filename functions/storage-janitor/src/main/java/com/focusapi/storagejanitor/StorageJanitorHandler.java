package com.focusapi.storagejanitor;

import com.focusapi.shared.metrics.MetricsPublishing;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda handler of the storage janitor, triggered by an EventBridge schedule (the event's content is
 * not used): deletes the rows that only grow and that no request reads again once expired (login attempts,
 * used and expired account tokens, refresh-token families past their life, Idempotency-Keys after 24 h; see
 * {@link ExpiredRows}). Its own function rather than a task of another: the challenge lifecycle and the
 * gauges each have one purpose and their own schedule, and the metrics janitor has no database at all. A
 * database error fails the invocation loudly (retried, then the dead-letter queue); what was deleted before
 * stays deleted, and the next run goes on.
 */
public class StorageJanitorHandler extends MicronautRequestHandler<Map<String, Object>, StorageJanitorHandler.Report> {
    private static final Logger LOG = LoggerFactory.getLogger(StorageJanitorHandler.class);

    @Inject
    ExpiredRows expiredRows;

    @Inject
    MetricsPublishing publishing;

    /** The number of rows deleted, per table. */
    public record Report(Map<String, Long> deleted) {}

    /** What Lambda calls. */
    public StorageJanitorHandler() {
        super();
    }

    /** The same handler over given properties (tests, the local API's {@code invoke}). */
    public StorageJanitorHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public Report execute(Map<String, Object> scheduledEvent) {
        // Not an HTTP function: no server filter marks the start and end of the invocation, so they are marked here.
        publishing.beforeInvocation();
        try {
            Map<String, Long> deleted = expiredRows.delete();
            LOG.info("Expired rows deleted: {}", deleted);
            return new Report(deleted);
        } finally {
            publishing.afterInvocation();
        }
    }
}
