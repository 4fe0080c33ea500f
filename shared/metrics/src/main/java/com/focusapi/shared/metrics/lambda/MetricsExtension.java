package com.focusapi.shared.metrics.lambda;

import com.focusapi.shared.metrics.MetricsPublishing;
import com.focusapi.shared.metrics.PushgatewaySettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An internal Lambda extension (a thread of the function's own JVM registered with the Extensions API) so
 * the push happens after the response and is not frozen half-way. Lambda sends the response as soon as the
 * handler returns, but freezes the environment only once every extension has asked for its next event: this
 * thread asks only after the invocation has ended and the publisher thread has pushed (bounded by the push
 * timeout). The client never waits for the push; only the environment's next invocation could, by at most
 * that bound. Registering an extension also makes Lambda send SIGTERM before shutdown, on which the last
 * metrics are flushed (a JVM shutdown hook).
 *
 * <p>Outside Lambda ({@code AWS_LAMBDA_RUNTIME_API} unset: tests, the local API) it does nothing and the
 * publisher thread alone pushes in the background.
 */
@Context
public class MetricsExtension {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsExtension.class);
    private static final String NAME = "focus-metrics";

    private final MetricsPublishing publishing;
    private final Duration pushBound;
    /** The push bound plus one CloudWatch call: the CloudWatch send runs on the same thread, before the push. */
    private final Duration publishBound;

    private final @Nullable String runtimeApi;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean running;

    public MetricsExtension(
            MetricsPublishing publishing,
            PushgatewaySettings pushgateway,
            @Nullable @Value("${aws.lambda.runtime.api:}") String runtimeApiProperty) {
        this.publishing = publishing;
        this.pushBound = Duration.ofMillis(Math.max(100, pushgateway.getTimeoutMs() * 2L));
        this.publishBound = pushBound.plus(publishing.cloudWatchCallBound());
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        this.runtimeApi = api != null && !api.isBlank()
                ? api
                : (runtimeApiProperty != null && !runtimeApiProperty.isBlank() ? runtimeApiProperty : null);
        if (runtimeApi != null && publishing.isActive()) {
            start();
        }
    }

    private void start() {
        try {
            String id = register();
            running = true;
            Thread loop = new Thread(() -> loop(id), "focus-metrics-extension");
            loop.setDaemon(true);
            loop.start();
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(() -> publishing.flush(Duration.ofMillis(250)), "focus-metrics-shutdown"));
            LOG.info("Metrics extension registered: pushes happen after each response");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Metrics extension not registered ({}); pushes stay on the background thread only", e.toString());
        }
    }

    private String register() throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/2020-01-01/extension/register"))
                .header("Lambda-Extension-Name", NAME)
                // Internal extensions may only receive INVOKE events; shutdown comes as SIGTERM.
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")));
        if (response.statusCode() != 200) {
            throw new IOException("register answered " + response.statusCode() + ": " + response.body());
        }
        return response.headers()
                .firstValue("Lambda-Extension-Identifier")
                .orElseThrow(() -> new IOException("no Lambda-Extension-Identifier"));
    }

    private void loop(String id) {
        long seen = 0;
        while (running) {
            try {
                // Blocks until the next invocation starts (the environment is frozen meanwhile).
                HttpResponse<String> event = send(HttpRequest.newBuilder(uri("/2020-01-01/extension/event/next"))
                        .header("Lambda-Extension-Identifier", id)
                        .GET());
                if (event.statusCode() != 200 || event.body().contains("\"SHUTDOWN\"")) {
                    return;
                }
                seen++;
                // Lambda sends event N only after invocation N-1 finished: resynchronise, so an invocation
                // that never reached the filter chain cannot leave the count behind for good.
                publishing.invocationAnnounced(seen);
                // Let the invocation finish (its response is sent meanwhile), then let the push finish. An
                // invocation that has not entered the filter chain within the push bound never will: its end
                // marker will not come, so the wait for it is bounded by the push bound, not the deadline.
                publishing.awaitInvocationsEnded(seen, pushBound, Duration.ofMillis(deadlineMillis(event.body())));
                publishing.awaitIdle(publishBound);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Metrics extension stopped: {}", e.toString());
                return;
            }
        }
    }

    /** How long the invocation may still run: from the event's {@code deadlineMs}, 15 minutes at most. */
    static long deadlineMillis(String eventJson) {
        int at = eventJson.indexOf("\"deadlineMs\"");
        if (at >= 0) {
            String rest = eventJson.substring(eventJson.indexOf(':', at) + 1).trim();
            int end = 0;
            while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                end++;
            }
            if (end > 0) {
                return Math.max(
                        0, Math.min(900_000, Long.parseLong(rest.substring(0, end)) - System.currentTimeMillis()));
            }
        }
        return 900_000;
    }

    private URI uri(String path) {
        return URI.create("http://" + runtimeApi + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
