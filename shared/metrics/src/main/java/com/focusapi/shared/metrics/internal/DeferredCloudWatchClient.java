package com.focusapi.shared.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;

/**
 * What Micrometer's CloudWatch registry believes is its client: it only queues the requests. Building the
 * data (a poll of the step meters) is cheap and must happen at the step boundary, on the request thread;
 * the network call happens later, after the response, on the publisher thread.
 */
public final class DeferredCloudWatchClient implements CloudWatchAsyncClient {
    /** About an hour of one-minute steps: if CloudWatch stays unreachable, older data are dropped, not hoarded. */
    static final int MAX_PENDING = 64;

    private final ConcurrentLinkedQueue<PutMetricDataRequest> pending = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableFuture<PutMetricDataResponse> putMetricData(PutMetricDataRequest request) {
        pending.add(request);
        while (pending.size() > MAX_PENDING) {
            pending.poll();
        }
        return CompletableFuture.completedFuture(PutMetricDataResponse.builder().build());
    }

    /** Takes every queued request, oldest first. */
    public List<PutMetricDataRequest> drain() {
        List<PutMetricDataRequest> out = new ArrayList<>();
        for (PutMetricDataRequest r; (r = pending.poll()) != null; ) {
            out.add(r);
        }
        return out;
    }

    /** Puts back requests whose send failed, so the next flush retries them. */
    public void requeue(List<PutMetricDataRequest> requests) {
        pending.addAll(requests);
        while (pending.size() > MAX_PENDING) {
            pending.poll();
        }
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public CloudWatchServiceClientConfiguration serviceClientConfiguration() {
        throw new UnsupportedOperationException("deferred client has no configuration");
    }

    @Override
    public void close() {
        pending.clear();
    }
}
