package com.focusapi.shared.metrics;

import com.focusapi.shared.config.MetricsSettings;
import com.focusapi.shared.config.PushgatewaySettings;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

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

    public MetricsPublishing(PushgatewaySettings settings, MetricsSettings metrics, PrometheusMeterRegistry prometheus,
                             MeterRegistry registry, @Nullable CloudWatchPublisher cloudWatch,
                             @Value("${function.name:focus-api}") String functionName) {
        Counter pushFailures = Counter.builder(MetricNames.PUSH_FAILURES).description("Metric pushes that failed")
                .tag(MetricNames.TAG_TARGET, "pushgateway").register(registry);
        Counter cloudWatchFailures = Counter.builder(MetricNames.PUSH_FAILURES).description("Metric pushes that failed")
                .tag(MetricNames.TAG_TARGET, "cloudwatch").register(registry);
        // METRICS_ENABLED=false: nothing is recorded, so nothing is published either.
        this.pushgateway = settings.isEnabled() && metrics.isEnabled()
                ? new PushgatewayPublisher(settings, functionName, prometheus.getPrometheusRegistry(), InstanceIds.next(), pushFailures::increment)
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
            LOG.info("Metrics of function {} pushed to the Pushgateway as instance {}", functionName, pushgateway.instanceId());
        }
    }

    public boolean isActive() {
        return pushgateway != null || cloudWatch != null;
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
        Future<?> done = worker.submit(() -> {
            if (cloudWatch != null) {
                cloudWatch.closeOpenStep();
            }
            publish(true);
        });
        return await(done, timeout);
    }

    /** Waits until the background pushes queued so far have run (the Lambda extension and tests use it). */
    public boolean awaitIdle(Duration timeout) {
        return await(worker.submit(() -> { }), timeout);
    }

    /**
     * Waits until {@code count} invocations have ended (the Lambda extension waits for the invocation it
     * was told about), at most {@code timeout}. @return whether they had
     */
    public boolean awaitInvocationsEnded(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (ends) {
            while (invocationsEnded < count) {
                long left = deadline - System.nanoTime();
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
