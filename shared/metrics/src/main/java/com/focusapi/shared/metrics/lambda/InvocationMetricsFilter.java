package com.focusapi.shared.metrics.lambda;

import com.focusapi.shared.lambda.SnapStartPriming;
import com.focusapi.shared.metrics.MetricsPublishing;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * The per-invocation hooks of metrics publishing: the outermost filter, so its response half runs after
 * the HTTP metrics of the request are recorded. Neither hook does I/O on the request thread (see
 * {@link MetricsPublishing}); the push itself happens after the response, in the background.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class InvocationMetricsFilter implements Ordered {
    private final MetricsPublishing publishing;
    private final SnapStartPriming priming;

    public InvocationMetricsFilter(MetricsPublishing publishing, SnapStartPriming priming) {
        this.publishing = publishing;
        this.priming = priming;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @RequestFilter
    public void before(HttpRequest<?> request) {
        // A priming request is no invocation: counting it would leave the Lambda extension's count behind.
        if (!priming.isPriming()) {
            publishing.beforeInvocation();
        }
    }

    @ResponseFilter
    public void after(HttpRequest<?> request) {
        if (!priming.isPriming()) {
            publishing.afterInvocation();
        }
    }
}
