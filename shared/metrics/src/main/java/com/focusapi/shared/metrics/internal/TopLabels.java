package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.MetricNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a free-text label ({@code app_name}) to the {@code limit} values with the most volume (events) in an
 * execution environment; every other value is {@code other}. Values are normalised as by
 * {@link LabelLimiter#normalise}.
 *
 * <p>Volume is counted with the space-saving algorithm (Metwally, Agrawal, El Abbadi, 2005) over
 * {@code 4 × limit} counters: memory and work per call are bounded whatever clients send, and a value's count
 * is over-estimated by at most its recorded {@code error}. While fewer than {@code limit} values are labelled,
 * a new value gets its label at once. After that a value takes the place of the least-counted labelled value
 * only when its <em>guaranteed</em> count ({@code count − error}) exceeds that value's count: a flood of
 * one-off names (each with a guaranteed count of 1) never displaces an app with real volume, while an app
 * that grows popular later (the case "the first 100 seen" got wrong) does.
 *
 * <p>A displaced value's series keep their last values and stop growing (its new events count as
 * {@code other}); so that churn cannot add series without end, at most {@code 2 × limit} distinct values are
 * ever labelled in one environment, after which the labelled set stays as it is.
 */
public final class TopLabels {
    private final int limit;
    private final int trackedCapacity;
    private final int maxEverLabelled;
    private final Map<String, Counter> tracked = new HashMap<>();
    private final Set<String> labelled = new HashSet<>();
    private final Set<String> everLabelled = new HashSet<>();

    /** A space-saving counter: count (an over-estimate) and the most it may be over. */
    private static final class Counter {
        long count;
        long error;

        Counter(long count, long error) {
            this.count = count;
            this.error = error;
        }
    }

    public TopLabels(int limit) {
        this.limit = Math.max(0, limit);
        this.trackedCapacity = Math.max(1, 4 * this.limit);
        this.maxEverLabelled = 2 * this.limit;
    }

    /** Records one event of {@code raw} and says the label it counts under. */
    public synchronized String admit(String raw) {
        String value = LabelLimiter.normalise(raw);
        Counter counter = record(value);
        if (labelled.contains(value)) {
            return value;
        }
        if (labelled.size() < limit && everLabelled.size() < maxEverLabelled) {
            label(value);
            return value;
        }
        if (everLabelled.size() >= maxEverLabelled && !everLabelled.contains(value)) {
            return MetricNames.OTHER;
        }
        String weakest = weakestLabelled();
        if (weakest != null && counter.count - counter.error > tracked.get(weakest).count) {
            labelled.remove(weakest);
            label(value);
            return value;
        }
        return MetricNames.OTHER;
    }

    /** The values currently labelled (a copy). */
    public synchronized Set<String> labelled() {
        return Set.copyOf(labelled);
    }

    private void label(String value) {
        labelled.add(value);
        everLabelled.add(value);
    }

    /** Space-saving: count a tracked value; else take a free counter; else replace the least-counted one. */
    private Counter record(String value) {
        Counter counter = tracked.get(value);
        if (counter != null) {
            counter.count++;
            return counter;
        }
        if (tracked.size() < trackedCapacity) {
            counter = new Counter(1, 0);
        } else {
            // Labelled values are never replaced: their counts decide who may take their place.
            String victim = null;
            long least = Long.MAX_VALUE;
            for (Map.Entry<String, Counter> e : tracked.entrySet()) {
                if (e.getValue().count < least && !labelled.contains(e.getKey())) {
                    least = e.getValue().count;
                    victim = e.getKey();
                }
            }
            if (victim == null) {
                return new Counter(1, 0); // every counter holds a labelled value: count nothing more for others
            }
            tracked.remove(victim);
            counter = new Counter(least + 1, least);
        }
        tracked.put(value, counter);
        return counter;
    }

    private String weakestLabelled() {
        String weakest = null;
        long least = Long.MAX_VALUE;
        for (String value : labelled) {
            long count = tracked.get(value).count;
            if (count < least) {
                least = count;
                weakest = value;
            }
        }
        return weakest;
    }
}
