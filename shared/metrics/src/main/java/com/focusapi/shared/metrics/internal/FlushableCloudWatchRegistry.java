package com.focusapi.shared.metrics.internal;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;

/**
 * Micrometer's CloudWatch registry without its own timer thread (Lambda freezes it between invocations, so
 * it would fire late or never): {@link CloudWatchPublisher} decides when a step is published.
 */
public final class FlushableCloudWatchRegistry extends CloudWatchMeterRegistry {
    public FlushableCloudWatchRegistry(CloudWatchConfig config, Clock clock, DeferredCloudWatchClient client) {
        super(config, clock, client);
        // The constructor started the scheduled publisher when the config is enabled; ours never is, but
        // stop() also makes that explicit should the config change.
        stop();
    }

    /** Builds the data of the last closed step and hands it to the (deferred) client. */
    public void publishNow() {
        publish();
    }

    /** Reads every meter so each step value rolls over at the pinned time (see {@link PinnableClock}). */
    public void rollOverAll() {
        for (Meter meter : getMeters()) {
            for (Measurement measurement : meter.measure()) {
                measurement.getValue(); // measurements are lazy: reading the value polls (rolls over) the step value
            }
        }
    }
}
