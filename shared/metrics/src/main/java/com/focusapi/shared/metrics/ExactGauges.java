package com.focusapi.shared.metrics;

import com.focusapi.shared.metrics.internal.ExactNamesCollector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges set from outside (a scheduled count, not a live object), published under the guide's exact name
 * on both sides: Prometheus through the {@link ExactNamesCollector} (Micrometer's Prometheus registry would
 * rename a name ending in {@code _total}), CloudWatch through an ordinary Micrometer gauge.
 */
@Singleton
public class ExactGauges {
    private final MeterRegistry registry;
    private final ExactNamesCollector exact;

    public ExactGauges(MeterRegistry registry, ExactNamesCollector exact) {
        this.registry = registry;
        this.exact = exact;
    }

    /** Sets {@code name} (with one optional label, or none when {@code labelName} is null) to {@code value}. */
    public void set(String name, String labelName, String labelValue, long value) {
        boolean fresh = labelName != null
                ? registry.find(name).tag(labelName, labelValue).gauge() == null
                : registry.find(name).gauge() == null;
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
}
