package com.focusapi.shared.metrics.lambda;

import com.focusapi.shared.metrics.MetricsPublishing;
import com.focusapi.shared.metrics.PushgatewaySettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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
        Answer response = send(
                "POST",
                "/2020-01-01/extension/register",
                Map.of("Lambda-Extension-Name", NAME),
                // Internal extensions may only receive INVOKE events; shutdown comes as SIGTERM.
                "{\"events\":[\"INVOKE\"]}");
        if (response.status() != 200) {
            throw new IOException("register answered " + response.status() + ": " + response.body());
        }
        if (response.extensionId() == null) {
            throw new IOException("no Lambda-Extension-Identifier");
        }
        return response.extensionId();
    }

    private void loop(String id) {
        long seen = 0;
        while (running) {
            try {
                // Blocks until the next invocation starts (the environment is frozen meanwhile).
                Answer event = send(
                        "GET", "/2020-01-01/extension/event/next", Map.of("Lambda-Extension-Identifier", id), null);
                if (event.status() != 200 || event.body().contains("\"SHUTDOWN\"")) {
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

    /** What the Extensions API answered: status, body and the identifier header (register's answer). */
    private record Answer(int status, String body, @Nullable String extensionId) {}

    /**
     * One call to the Extensions API: plain HTTP on the execution environment's loopback, so
     * {@link HttpURLConnection} rather than the JDK's {@code HttpClient}, whose construction sets up the default
     * TLS context (providers, cipher suites, the cacerts trust store: ~250 ms of the cold start measured in
     * BENCHMARKS.md) and a selector thread that a local, sequential, plain-HTTP exchange never uses. No read
     * timeout: {@code event/next} blocks until the next invocation, by design.
     */
    private Answer send(String method, String path, Map<String, String> headers, @Nullable String body)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                URI.create("http://" + runtimeApi + path).toURL().openConnection();
        connection.setConnectTimeout(2_000);
        connection.setRequestMethod(method);
        headers.forEach(connection::setRequestProperty);
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        // Read to the end and closed: the connection goes back to the JDK's keep-alive cache.
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, text, connection.getHeaderField("Lambda-Extension-Identifier"));
        }
    }

    @PreDestroy
    void stop() {
        running = false;
    }
}
