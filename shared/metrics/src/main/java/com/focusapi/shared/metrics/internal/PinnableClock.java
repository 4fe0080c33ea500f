package com.focusapi.shared.metrics.internal;

import io.micrometer.core.instrument.Clock;

/**
 * The wall clock, except while a flush pins it. Micrometer's step meters roll over when they read a time
 * in a new step, and the CloudWatch registry stamps a batch with the time it reads; pinning lets the
 * CloudWatch publisher close a step exactly at its boundary and stamp its data inside that step, however
 * long Lambda kept the environment frozen.
 */
public final class PinnableClock implements Clock {
    private volatile long pinned = -1;

    public void pin(long wallTimeMillis) {
        pinned = wallTimeMillis;
    }

    public void unpin() {
        pinned = -1;
    }

    public long realWallTime() {
        return System.currentTimeMillis();
    }

    @Override
    public long wallTime() {
        long p = pinned;
        return p >= 0 ? p : System.currentTimeMillis();
    }

    @Override
    public long monotonicTime() {
        return System.nanoTime();
    }
}
