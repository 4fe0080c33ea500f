package com.focusapi.shared.metrics.lambda;

import com.focusapi.shared.metrics.MetricsPublishing;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart restores one snapshot into many execution environments: each must push to a Pushgateway group
 * of its own, so the instance id is drawn again after a restore. Before the snapshot, what was recorded is
 * flushed, so that it is published once (by the snapshotting environment) rather than by every restore.
 * Eager ({@link Context}) because the hook must be registered before the snapshot is taken; org.crac keeps
 * only weak references to resources, so this bean holds itself.
 */
@Context
public class SnapStartMetricsHook implements Resource {
    private final MetricsPublishing publishing;

    public SnapStartMetricsHook(MetricsPublishing publishing) {
        this.publishing = publishing;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        publishing.flush(Duration.ofSeconds(2));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        publishing.renewInstance();
    }
}
