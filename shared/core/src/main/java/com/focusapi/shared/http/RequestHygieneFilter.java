package com.focusapi.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.servlet.http.ServletHttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every request must be before any controller reads it, checked once for all functions: a body of at
 * most {@link #MAX_BODY_BYTES} (413 otherwise; the largest message of the API is a few KB, and API
 * Gateway's own 10 MB limit would let a client make every function parse 10 MB), and no NUL character in
 * the path or a query parameter (400 naming it: PostgreSQL's text types cannot store NUL, and would answer a
 * 500). JSON bodies get the same NUL check field by field from {@link JsonConventions}. Headers are not
 * checked here: Micronaut refuses a NUL in a header value itself, before any filter runs.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestHygieneFilter implements Ordered {
    /** The largest request body a function reads: 64 KiB. Documented in the README. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** After the metrics filter, so refused requests are counted like any other answer. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.METRICS.after();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<Problem> check(HttpRequest<?> request) {
        long size = bodyBytes(request);
        if (size > MAX_BODY_BYTES) {
            return problem(
                    request,
                    Problem.of(
                            413,
                            "Content Too Large",
                            "The request body has " + size + " bytes; the limit is " + MAX_BODY_BYTES + " bytes."));
        }
        String path = request.getUri().getRawPath();
        if (StorableValues.hasNul(request.getPath())
                || (path != null && path.toLowerCase(Locale.ROOT).contains("%00"))) {
            return nul(request, "path");
        }
        for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
            if (StorableValues.hasNul(parameter.getKey())
                    || parameter.getValue().stream().anyMatch(StorableValues::hasNul)) {
                return nul(request, parameter.getKey().replace('\u0000', '?'));
            }
        }
        return null;
    }

    /**
     * The body's size in bytes. In Lambda the body is already in the event (a string, base64 for binary):
     * measured there without decoding it; elsewhere the Content-Length header says it.
     */
    static long bodyBytes(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event) {
            String body = event.getBody();
            if (body == null) {
                return 0;
            }
            return event.getIsBase64Encoded() ? (long) body.length() / 4 * 3 : utf8Length(body);
        }
        return Math.max(0, request.getContentLength());
    }

    private static long utf8Length(String text) {
        if (text.length() > MAX_BODY_BYTES) {
            return text.length(); // at least that many bytes: already over, no need to count exactly
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static HttpResponse<Problem> nul(HttpRequest<?> request, String field) {
        return problem(
                request,
                Problem.of(400, "Bad Request", "Invalid value for '" + field + "': " + StorableValues.NUL_MESSAGE + ".")
                        .withErrors(List.of(new Problem.FieldError(field, StorableValues.NUL_MESSAGE))));
    }

    private static HttpResponse<Problem> problem(HttpRequest<?> request, Problem problem) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .body(problem.withInstance(request.getPath()))
                .contentType(Problem.CONTENT_TYPE);
    }
}
