package com.focusapi.benchmarks.handlers;

import java.util.Arrays;

/** Request latencies in nanoseconds, read as percentiles in milliseconds. */
public record Latencies(long[] nanos) {
    public double p(double percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    public double p50() {
        return p(50);
    }

    public double p99() {
        return p(99);
    }

    /** The requests from {@code from} (inclusive) to {@code to} (exclusive). */
    public Latencies slice(int from, int to) {
        return new Latencies(Arrays.copyOfRange(nanos, from, to));
    }

    /** {@code ms} with a precision that suits its size (µs below 1 ms). */
    public static String format(double ms) {
        return ms < 1 ? String.format("%.0f µs", ms * 1000) : String.format("%.2f ms", ms);
    }
}
