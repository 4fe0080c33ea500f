package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.CloudWatchSettings;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * Publishes the CloudWatch registry one closed step at a time. Lambda freezes every background thread
 * between invocations, so Micrometer's timer cannot be trusted: instead {@link #checkpoint()} runs at the
 * start and the end of each invocation and, when the wall clock has left the step in which data was being
 * recorded, closes that step at its boundary and queues its data stamped inside it. {@link #send(boolean)} does
 * the network call later (after the response); {@link #closeOpenStep()} publishes the partial step at
 * shutdown. Nothing is lost to a frozen timer and nothing is stamped in a later minute.
 */
public final class CloudWatchPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchPublisher.class);

    private final PinnableClock clock;
    private final DeferredCloudWatchClient deferred;
    private final FlushableCloudWatchRegistry registry;
    private final CloudWatchClient client;
    private final long stepMillis;
    private final Duration apiCallTimeout;
    private volatile Runnable onFailure = () -> {};
    private long openStep;
    /** After a failed send, the next try waits this long (unless forced): a dead endpoint costs one try a while. */
    private static final long RETRY_AFTER_NANOS = 30_000_000_000L;
    /** Tags never sent to CloudWatch as dimensions: their values are not bounded across environments. */
    public static final java.util.Set<String> UNBOUNDED_ACROSS_ENVIRONMENTS =
            java.util.Set.of(com.focusapi.shared.metrics.MetricNames.TAG_APP_NAME);

    private volatile long nextTryNanos = System.nanoTime();

    public CloudWatchPublisher(CloudWatchSettings settings) {
        this.clock = new PinnableClock();
        this.deferred = new DeferredCloudWatchClient();
        this.stepMillis = settings.getStepSeconds() * 1000L;
        this.registry = new FlushableCloudWatchRegistry(config(settings), clock, deferred);
        // Every tag becomes a CloudWatch dimension, and every distinct set of dimensions a custom metric billed
        // on its own. app_name is bounded per environment (METRICS_APP_NAME_LIMIT) but not across environments
        // (each admits its own first N apps), so CloudWatch gets these series summed over apps; the per-app
        // split lives in Prometheus. Every other tag takes values fixed by the code (routes, statuses, types).
        registry.config().meterFilter(MeterFilter.ignoreTags(UNBOUNDED_ACROSS_ENVIRONMENTS.toArray(String[]::new)));
        // CloudWatch has no histograms: without this, each Prometheus bucket would become a custom metric.
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(false)
                        .serviceLevelObjectives(new double[0])
                        .build()
                        .merge(config);
            }
        });
        this.client = client(settings);
        this.apiCallTimeout = Duration.ofMillis(settings.getTimeoutMs() * 2L);
        this.openStep = clock.realWallTime() / stepMillis;
    }

    /**
     * The longest one PutMetricData call may take (the SDK's API call timeout: twice {@code CLOUDWATCH_TIMEOUT_MS}).
     * A send stops at its first failure, so a dead endpoint costs one call; a send of several queued steps that
     * each succeed slowly can take a multiple of it.
     */
    public Duration apiCallTimeout() {
        return apiCallTimeout;
    }

    /** Set once the failure counter exists (it lives in the registry this publisher feeds). */
    public void onFailure(Runnable listener) {
        this.onFailure = listener;
    }

    public FlushableCloudWatchRegistry registry() {
        return registry;
    }

    /** Cheap (no network): closes the open step if the wall clock has left it. */
    public synchronized void checkpoint() {
        long nowStep = clock.realWallTime() / stepMillis;
        if (nowStep > openStep) {
            close(openStep, (openStep + 1) * stepMillis - 1);
            // Open the current step: a meter whose last roll-over is older than the previous step would
            // otherwise discard what it records now (Micrometer keeps a value only for consecutive steps).
            clock.pin(nowStep * stepMillis);
            registry.rollOverAll();
            clock.unpin();
            openStep = nowStep;
        }
    }

    /** At shutdown: the partial open step is published too, stamped now (still inside it). */
    public synchronized void closeOpenStep() {
        long now = clock.realWallTime();
        long nowStep = now / stepMillis;
        if (nowStep > openStep) {
            checkpoint();
        }
        close(openStep, Math.min(now, (openStep + 1) * stepMillis - 1));
        openStep = openStep + 1;
    }

    private void close(long step, long stampAt) {
        try {
            clock.pin((step + 1) * stepMillis); // reading at the boundary rolls every meter over
            registry.rollOverAll();
            clock.pin(stampAt); // no further roll-over; the batch is stamped inside the step
            registry.publishNow();
        } finally {
            clock.unpin();
        }
    }

    /**
     * Sends what was queued. Called off the request path; a failure is logged, counted and retried at the
     * first send at least 30 s later, or at a forced one (shutdown).
     */
    public void send(boolean force) {
        if (!force && System.nanoTime() - nextTryNanos < 0) {
            return;
        }
        List<PutMetricDataRequest> requests = deferred.drain();
        for (int i = 0; i < requests.size(); i++) {
            try {
                client.putMetricData(requests.get(i));
            } catch (RuntimeException e) {
                onFailure.run();
                LOG.warn(
                        "CloudWatch PutMetricData failed, {} request(s) kept for the next flush: {}",
                        requests.size() - i,
                        e.toString());
                deferred.requeue(requests.subList(i, requests.size()));
                nextTryNanos = System.nanoTime() + RETRY_AFTER_NANOS;
                return;
            }
        }
    }

    /** Whether a send is worth scheduling: data are queued and no back-off is running. */
    public boolean hasPending() {
        return deferred.hasPending() && System.nanoTime() - nextTryNanos >= 0;
    }

    @Override
    public void close() {
        client.close();
        registry.close();
    }

    private static CloudWatchConfig config(CloudWatchSettings settings) {
        return new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String namespace() {
                return settings.getNamespace();
            }
            // Disabled only switches off Micrometer's own scheduler; the publisher above does the work.
            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public Duration step() {
                return Duration.ofSeconds(settings.getStepSeconds());
            }
        };
    }

    private static CloudWatchClient client(CloudWatchSettings settings) {
        Duration timeout = Duration.ofMillis(settings.getTimeoutMs());
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout.multipliedBy(2))
                        .build());
        if (settings.getRegion() != null && !settings.getRegion().isBlank()) {
            builder.region(Region.of(settings.getRegion()));
        }
        if (settings.getEndpoint() != null && !settings.getEndpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.getEndpoint()));
        }
        return builder.build();
    }
}
