package com.focusapi.janitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.metrics.PushgatewaySettings;
import com.focusapi.shared.metrics.PushgatewayUrl;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the Pushgateway groups of this job whose last successful push ({@code push_time_seconds}) is
 * older than the configured age: the groups of execution environments Lambda has reclaimed, which would
 * otherwise be scraped for ever with their last values. Groups of other jobs are never touched.
 */
@Singleton
public class PushgatewayJanitor {
    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayJanitor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PushgatewaySettings pushgateway;
    private final JanitorSettings settings;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PushgatewayJanitor(PushgatewaySettings pushgateway, JanitorSettings settings) {
        this.pushgateway = pushgateway;
        this.settings = settings;
    }

    /** What one run did: the groups deleted and the groups kept (each as its label map). */
    public record Report(List<Map<String, String>> deleted, List<Map<String, String>> kept) {}

    public Report run(Instant now) throws IOException {
        if (!pushgateway.isEnabled()) {
            LOG.info("PUSHGATEWAY_URL is not set: nothing to clean");
            return new Report(List.of(), List.of());
        }
        // The whole URL, as the publisher uses it: path prefix kept, credentials sent as basic auth.
        PushgatewayUrl url = PushgatewayUrl.parse(pushgateway.getUrl());
        String base = url.baseUrl();
        String authorization = url.authorization().orElse(null);
        JsonNode groups = JSON.readTree(send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/metrics"))
                                .GET(),
                        200,
                        authorization))
                .path("data");
        List<Map<String, String>> deleted = new ArrayList<>();
        List<Map<String, String>> kept = new ArrayList<>();
        for (JsonNode group : groups) {
            Map<String, String> labels = labels(group.path("labels"));
            if (!pushgateway.getJob().equals(labels.get("job"))) {
                continue;
            }
            double pushedAt = group.path("push_time_seconds")
                    .path("metrics")
                    .path(0)
                    .path("value")
                    .asDouble(Double.NaN);
            double ageSeconds = now.toEpochMilli() / 1000.0 - pushedAt;
            if (!Double.isNaN(pushedAt) && ageSeconds > settings.getMaxAgeSeconds()) {
                send(
                        HttpRequest.newBuilder(URI.create(base + groupPath(labels)))
                                .DELETE(),
                        202,
                        authorization);
                LOG.info("Deleted stale metrics group {} (last push {} s ago)", labels, (long) ageSeconds);
                deleted.add(labels);
            } else {
                kept.add(labels);
            }
        }
        return new Report(deleted, kept);
    }

    /** {@code /metrics/job@base64/<job>/<label>@base64/<value>...}: base64 so '/' or empty values stay safe. */
    static String groupPath(Map<String, String> labels) {
        StringBuilder path = new StringBuilder("/metrics/job@base64/").append(b64(labels.get("job")));
        labels.forEach((name, value) -> {
            if (!"job".equals(name)) {
                path.append('/').append(name).append("@base64/").append(b64(value));
            }
        });
        return path.toString();
    }

    private static String b64(String value) {
        // The Pushgateway reads a single '=' as the empty value.
        return value.isEmpty() ? "=" : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    /** {@code authorization}: from the credentials of PUSHGATEWAY_URL, if any (parsed as the publisher does). */
    private String send(HttpRequest.Builder request, int expected, String authorization) throws IOException {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected && response.statusCode() / 100 != 2) {
                throw new IOException("Pushgateway answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
