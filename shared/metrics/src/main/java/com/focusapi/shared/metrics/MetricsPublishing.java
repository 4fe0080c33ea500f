package com.focusapi.shared.metrics;

import com.focusapi.shared.metrics.internal.CloudWatchPublisher;
import com.focusapi.shared.metrics.internal.InstanceIds;
import com.focusapi.shared.metrics.internal.PushgatewayPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When this execution environment's metrics leave it. The request thread only calls
 * {@link #beforeInvocation()} and {@link #afterInvocation()}, which never touch the network: they close a
 * CloudWatch step when one has ended and hand a push to one background thread (pushes that pile up while
 * one is in flight are merged into the next). {@link #flush()} publishes everything synchronously, with
 * bounded timeouts: at shutdown, and whenever a caller must know the data has left (tests, the Lambda
 * extension before the environment is frozen).
 */
@Singleton
public class MetricsPublishing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsPublishing.class);

    private final @Nullable PushgatewayPublisher pushgateway;
    private final @Nullable CloudWatchPublisher cloudWatch;
    private final long minIntervalNanos;
    private final ExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile long lastPushNanos;
    private volatile boolean dirty;
    private final Object ends = new Object();
    private long invocationsEnded;
    private long invocationsStarted;

    public MetricsPublishing(
            PushgatewaySettings settings,
            MetricsSettings metrics,
            PrometheusMeterRegistry prometheus,
            MeterRegistry registry,
            @Nullable CloudWatchPublisher cloudWatch,
            @Value("${function.name:focus-api}") String functionName) {
        Counter pushFailures = Counter.builder(MetricNames.PUSH_FAILURES)
                .description("Metric pushes that failed")
                .tag(MetricNames.TAG_TARGET, "pushgateway")
                .register(registry);
        Counter cloudWatchFailures = Counter.builder(MetricNames.PUSH_FAILURES)
                .description("Metric pushes that failed")
                .tag(MetricNames.TAG_TARGET, "cloudwatch")
                .register(registry);
        // METRICS_ENABLED=false: nothing is recorded, so nothing is published either.
        this.pushgateway = settings.isEnabled() && metrics.isEnabled()
                ? new PushgatewayPublisher(
                        settings,
                        functionName,
                        prometheus.getPrometheusRegistry(),
                        InstanceIds.next(),
                        pushFailures::increment)
                : null;
        this.cloudWatch = metrics.isEnabled() ? cloudWatch : null;
        if (this.cloudWatch != null) {
            cloudWatch.onFailure(cloudWatchFailures::increment);
        }
        this.minIntervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.getMinIntervalMs());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "focus-metrics-publisher");
            t.setDaemon(true);
            return t;
        });
        this.lastPushNanos = System.nanoTime() - minIntervalNanos;
        if (pushgateway != null) {
            LOG.info(
                    "Metrics of function {} pushed to the Pushgateway as instance {}",
                    functionName,
                    pushgateway.instanceId());
        }
    }

    public boolean isActive() {
        return pushgateway != null || cloudWatch != null;
    }

    /**
     * How long one background publish may take beyond the Pushgateway push: the CloudWatch API call timeout
     * when CloudWatch is on (its send runs on the same publisher thread, before the push), else zero.
     */
    public Duration cloudWatchCallBound() {
        return cloudWatch != null ? cloudWatch.apiCallTimeout() : Duration.ZERO;
    }

    /** The Pushgateway {@code instance} of this environment, if pushing. */
    public Optional<String> instanceId() {
        return Optional.ofNullable(pushgateway).map(PushgatewayPublisher::instanceId);
    }

    /** Request thread, before the request: closes a CloudWatch step that ended while the environment slept. */
    public void beforeInvocation() {
        if (cloudWatch != null) {
            cloudWatch.checkpoint();
        }
        synchronized (ends) {
            invocationsStarted++;
            ends.notifyAll();
        }
    }

    /** Request thread, after the response is built: a few microseconds, no I/O. */
    public void afterInvocation() {
        if (cloudWatch != null) {
            cloudWatch.checkpoint();
        }
        dirty = true;
        if (!isActive()) {
            return;
        }
        boolean cloudWatchWaiting = cloudWatch != null && cloudWatch.hasPending();
        boolean pushDue = pushgateway != null && System.nanoTime() - lastPushNanos >= minIntervalNanos;
        if ((pushDue || cloudWatchWaiting) && queued.compareAndSet(false, true)) {
            worker.execute(this::publishInBackground);
        }
        // Only after the push is queued: whoever waits for this end then waits for that push (awaitIdle).
        synchronized (ends) {
            invocationsEnded++;
            ends.notifyAll();
        }
    }

    private void publishInBackground() {
        queued.set(false);
        publish(false);
    }

    private void publish(boolean force) {
        if (cloudWatch != null) {
            cloudWatch.send(force);
        }
        if (pushgateway != null && (force || System.nanoTime() - lastPushNanos >= minIntervalNanos)) {
            dirty = false;
            lastPushNanos = System.nanoTime();
            if (!pushgateway.push()) {
                dirty = true;
            }
        }
    }

    /**
     * Publishes everything now, including the open CloudWatch step, and waits at most {@code timeout}.
     * Never throws: a publishing failure is logged and counted.
     */
    public boolean flush(Duration timeout) {
        if (!isActive()) {
            return true;
        }
        if (worker.isShutdown()) {
            return false; // closed already (the shutdown hook after the context was closed)
        }
        Future<?> done;
        try {
            done = worker.submit(() -> {
                if (cloudWatch != null) {
                    cloudWatch.closeOpenStep();
                }
                publish(true);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
        return await(done, timeout);
    }

    /** Waits until the background pushes queued so far have run (the Lambda extension and tests use it). */
    public boolean awaitIdle(Duration timeout) {
        try {
            return await(worker.submit(() -> {}), timeout);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return true; // closed: nothing is queued any more
        }
    }

    /**
     * The Lambda extension was told about invocation {@code count}: Lambda sends an event only once the
     * previous invocation has finished, so at least {@code count - 1} have started and ended, whether or not
     * they went through the hooks (a malformed or non-HTTP event, an exception before the filter chain).
     * Without this, one such invocation would leave the count behind for the rest of the environment's life.
     */
    public void invocationAnnounced(long count) {
        synchronized (ends) {
            invocationsStarted = Math.max(invocationsStarted, count - 1);
            invocationsEnded = Math.max(invocationsEnded, count - 1);
            ends.notifyAll();
        }
    }

    /**
     * Waits until {@code count} invocations have ended (the Lambda extension waits for the invocation it
     * was told about), at most {@code timeout}. If that invocation has not entered the hooks
     * ({@link #beforeInvocation()}) within {@code startBound}, it is taken as one that never will (it failed
     * before the filter chain) and the wait ends there: its end marker will not come. Once it has entered,
     * its end marker is certain (the response filter runs for error responses too), so the wait may last
     * until {@code timeout}. @return whether they had ended
     */
    public boolean awaitInvocationsEnded(long count, Duration startBound, Duration timeout) {
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        long startDeadline = now + Math.min(startBound.toNanos(), timeout.toNanos());
        synchronized (ends) {
            while (invocationsEnded < count) {
                long limit = invocationsStarted < count ? startDeadline : deadline;
                long left = limit - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(ends, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** {@link #awaitInvocationsEnded(long, Duration, Duration)} without the bound on entering the hooks. */
    public boolean awaitInvocationsEnded(long count, Duration timeout) {
        return awaitInvocationsEnded(count, timeout, timeout);
    }

    /** After a SnapStart restore: this is a new environment, with its own Pushgateway group. */
    public void renewInstance() {
        if (pushgateway != null) {
            String id = InstanceIds.next();
            pushgateway.useInstance(id);
            LOG.info("Restored from a snapshot: metrics now pushed as instance {}", id);
        }
    }

    /** Whether something was recorded since the last successful push. */
    public boolean isDirty() {
        return dirty;
    }

    private static boolean await(Future<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warn("Metrics publishing failed: {}", e.toString());
            return false;
        }
    }

    @Override
    @PreDestroy
    public void close() {
        if (!worker.isShutdown()) {
            flush(Duration.ofSeconds(3));
            worker.shutdownNow();
        }
    }
}
