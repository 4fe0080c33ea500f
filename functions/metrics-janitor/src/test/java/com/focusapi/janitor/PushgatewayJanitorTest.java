package com.focusapi.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.testsupport.PushgatewayServer;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The janitor against a real Pushgateway: it removes the stale group of its job and nothing else. */
class PushgatewayJanitorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private PushgatewayServer pushgateway;

    @BeforeEach
    void start() {
        pushgateway = PushgatewayServer.start();
    }

    @AfterEach
    void stop() {
        pushgateway.close();
    }

    private void push(String job, String function, String instance) throws Exception {
        var response = pushgateway.send(HttpRequest.newBuilder(URI.create(
                        pushgateway.url() + "/metrics/job/" + job + "/function/" + function + "/instance/" + instance))
                .PUT(HttpRequest.BodyPublishers.ofString("focus_api_http_requests_total{endpoint=\"/x\"} 3\n")));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private double pushTime(String instance) throws Exception {
        for (JsonNode group : JSON.readTree(pushgateway.groupsJson()).path("data")) {
            if (instance.equals(group.path("labels").path("instance").asText())) {
                return group.path("push_time_seconds")
                        .path("metrics")
                        .path(0)
                        .path("value")
                        .asDouble();
            }
        }
        throw new AssertionError("no group " + instance);
    }

    private ApplicationContext context(long maxAgeSeconds) {
        Map<String, Object> props = new HashMap<>();
        props.put("pushgateway.url", pushgateway.url());
        props.put("janitor.max-age-seconds", maxAgeSeconds);
        return ApplicationContext.run(props);
    }

    @Test
    void deletesOnlyTheStaleGroupOfItsJob() throws Exception {
        push("focus-api", "users", "stale");
        push("other-job", "users", "stale-but-not-ours");
        double stalePushedAt = pushTime("stale");
        do {
            Thread.sleep(100); // until the Pushgateway's clock has moved at least 2 s past the stale push
            push("focus-api", "users", "fresh");
        } while (pushTime("fresh") - stalePushedAt < 2.0);
        push("focus-api", "activities", "fresh-too");
        double freshPushedAt = pushTime("fresh");

        try (ApplicationContext context = context(1)) {
            // "now" is half a second after the fresh push: the stale group is >= 1.5 s old, the fresh ones are not.
            Instant now = Instant.ofEpochMilli((long) ((freshPushedAt + 0.5) * 1000));
            PushgatewayJanitor.Report report =
                    context.getBean(PushgatewayJanitor.class).run(now);
            assertThat(report.deleted()).extracting(g -> g.get("instance")).containsExactly("stale");
        }

        String groups = pushgateway.groupsJson();
        assertThat(groups)
                .doesNotContain("\"instance\":\"stale\"")
                .contains("\"instance\":\"fresh\"")
                .contains("\"instance\":\"fresh-too\"")
                .contains("\"instance\":\"stale-but-not-ours\"");
        assertThat(pushgateway.metricsText()).contains("instance=\"fresh\"").doesNotContain("instance=\"stale\"");
    }

    @Test
    void theLambdaHandlerRunsTheJanitor() throws Exception {
        push("focus-api", "users", "gone");
        double pushedAt = pushTime("gone");
        while (Instant.now().toEpochMilli() / 1000.0 - pushedAt <= 1.5) {
            Thread.sleep(100);
        }
        try (MetricsJanitorHandler handler = new MetricsJanitorHandler(ApplicationContext.builder()
                .properties(Map.of("pushgateway.url", pushgateway.url(), "janitor.max-age-seconds", 1)))) {
            PushgatewayJanitor.Report report = handler.handleRequest(Map.of("source", "aws.events"), null);
            assertThat(report.deleted()).extracting(g -> g.get("instance")).containsExactly("gone");
        }
        assertThat(pushgateway.groupsJson()).doesNotContain("\"instance\":\"gone\"");
    }

    /** The janitor reads PUSHGATEWAY_URL as the publisher does: under a path prefix too. */
    @Test
    void cleansAPushgatewayUnderAPathPrefix() throws Exception {
        try (PushgatewayServer prefixed = PushgatewayServer.start("/gateway")) {
            var response = prefixed.send(HttpRequest.newBuilder(
                            URI.create(prefixed.url() + "/metrics/job/focus-api/function/users/instance/old"))
                    .PUT(HttpRequest.BodyPublishers.ofString("focus_api_http_requests_total{endpoint=\"/x\"} 3\n")));
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> props = new HashMap<>();
            props.put("pushgateway.url", prefixed.url());
            props.put("janitor.max-age-seconds", 1);
            try (ApplicationContext context = ApplicationContext.run(props)) {
                PushgatewayJanitor.Report report = context.getBean(PushgatewayJanitor.class)
                        .run(Instant.now().plusSeconds(60));
                assertThat(report.deleted()).extracting(g -> g.get("instance")).containsExactly("old");
            }
            assertThat(prefixed.groupsJson()).doesNotContain("\"instance\":\"old\"");
        }
    }

    /** Credentials in PUSHGATEWAY_URL are sent as basic auth, not dropped (a recording server stands in). */
    @Test
    void sendsTheUrlsCredentialsAsBasicAuth() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getRawPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"status\":\"success\",\"data\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Map<String, Object> props = new HashMap<>();
        props.put(
                "pushgateway.url",
                "http://janitor:s%40cret@127.0.0.1:" + server.getAddress().getPort() + "/gw");
        try (ApplicationContext context = ApplicationContext.run(props)) {
            context.getBean(PushgatewayJanitor.class).run(Instant.now());
            assertThat(received.poll(5, java.util.concurrent.TimeUnit.SECONDS))
                    .isEqualTo("/gw/api/v1/metrics Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString(
                                            "janitor:s@cret".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } finally {
            server.stop(0);
        }
    }
}
