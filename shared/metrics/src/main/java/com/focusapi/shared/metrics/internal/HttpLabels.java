package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.MetricNames;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.UriRouteInfo;
import java.util.Set;

/** The bounded label values of the HTTP metrics: method, endpoint (a route template) and error type. */
public final class HttpLabels {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private HttpLabels() {}

    /** Any verb a client invents counts as {@code OTHER}. */
    public static String method(HttpRequest<?> request) {
        String name = request.getMethodName();
        return name != null && METHODS.contains(name) ? name : "OTHER";
    }

    /**
     * The template of the route that serves the request ({@code /api/users/{id}/stats}), never the raw path;
     * every request without a route (404s, scanners) shares {@link MetricNames#UNMATCHED_ENDPOINT}.
     */
    public static String endpoint(HttpRequest<?> request) {
        RouteInfo<?> info = RouteAttributes.getRouteInfo(request).orElse(null);
        if (info instanceof UriRouteInfo<?, ?> uri) {
            return uri.getUriMatchTemplate().toPathString();
        }
        return BasicHttpAttributes.getUriTemplate(request).orElse(MetricNames.UNMATCHED_ENDPOINT);
    }

    /** A small fixed vocabulary, so a dashboard can show "errors by type" without unbounded series. */
    public static String errorType(int status) {
        return switch (status) {
            case 400, 422 -> "validation_error";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 429 -> "rate_limited";
            case 503 -> "service_unavailable";
            case 504 -> "timeout";
            default -> status >= 500 ? "server_error" : "client_error";
        };
    }
}
