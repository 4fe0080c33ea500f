package com.focusapi.benchmarks.handlers;

/**
 * A warm-up that lasts until the JIT has settled rather than a fixed count: the request runs in windows of
 * {@link #WINDOW} until at least {@code min} were sent and the p50 of {@link #SETTLED_WINDOWS} successive windows
 * each stayed within {@link #TOLERANCE} of the window before, or {@code max} were sent. A fixed count either
 * wastes minutes or, as 3,000 did, stops while C2 is still compiling the request path, and the "warm" figures
 * then fall by half during the measurement.
 */
public final class JitWarmUp {
    public static final int WINDOW = 1_000;
    public static final int SETTLED_WINDOWS = 3;
    public static final double TOLERANCE = 0.03;

    /** One request of the workload being warmed. */
    @FunctionalInterface
    public interface Request {
        void send() throws Exception;
    }

    private JitWarmUp() {}

    /** Returns how many requests were sent. */
    public static int untilSettled(Request request, int min, int max) throws Exception {
        int window = Math.min(WINDOW, Math.max(1, min / SETTLED_WINDOWS));
        int sent = 0;
        int settled = 0;
        double previous = Double.NaN;
        while (sent < max) {
            long[] nanos = new long[window];
            for (int i = 0; i < window; i++) {
                long t0 = System.nanoTime();
                request.send();
                nanos[i] = System.nanoTime() - t0;
            }
            sent += window;
            double p50 = new Latencies(nanos).p50();
            settled = Math.abs(p50 / previous - 1) <= TOLERANCE ? settled + 1 : 0;
            previous = p50;
            if (sent >= min && settled >= SETTLED_WINDOWS) {
                break;
            }
        }
        return sent;
    }

    /** The sentence a harness prints under its table. */
    public static String describe(int min, int max) {
        return String.format(
                "a warm-up of %,d to %,d requests (until the p50 of %d successive windows stays within %.0f %% of the"
                        + " one before)",
                min, max, SETTLED_WINDOWS, TOLERANCE * 100);
    }
}
