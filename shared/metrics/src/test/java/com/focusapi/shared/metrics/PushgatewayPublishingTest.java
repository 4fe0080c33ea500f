package com.focusapi.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PrometheusServer;
import com.focusapi.testsupport.PushgatewayServer;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several execution environments (one handler and application context each, as Lambda would run them) push
 * to a real Pushgateway scraped by a real Prometheus: the sum over instances is exactly what was sent.
 */
class PushgatewayPublishingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PushgatewayServer pushgateway;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() {
        pushgateway = PushgatewayServer.start();
        prometheus = PrometheusServer.scraping("127.0.0.1:" + pushgateway.port());
    }

    @AfterAll
    static void stop() {
        prometheus.close();
        pushgateway.close();
    }

    private static APIGatewayV2HTTPEventFunction environment(String function) {
        return TestFunctions.handler(
                Map.of("cache.enabled", false, "function.name", function, "pushgateway.url", pushgateway.url()));
    }

    /** An environment pushing to loopback {@code port} with a short push timeout. */
    private static APIGatewayV2HTTPEventFunction pushingTo(String function, int port) {
        return TestFunctions.handler(Map.of(
                "cache.enabled",
                false,
                "function.name",
                function,
                "pushgateway.url",
                "http://127.0.0.1:" + port,
                "pushgateway.timeout-ms",
                300));
    }

    private static double pushFailures(APIGatewayV2HTTPEventFunction env) {
        return env.getApplicationContext()
                .getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get(MetricNames.PUSH_FAILURES)
                .tag(MetricNames.TAG_TARGET, "pushgateway")
                .counter()
                .count();
    }

    private static MetricsPublishing publishing(APIGatewayV2HTTPEventFunction handler) {
        return handler.getApplicationContext().getBean(MetricsPublishing.class);
    }

    @Test
    void environmentsPushTheirOwnGroupsAndPrometheusSumsThemExactly() throws Exception {
        int[] requests = {7, 11, 13};
        List<APIGatewayV2HTTPEventFunction> environments = new ArrayList<>();
        Set<String> instances = new HashSet<>();
        try {
            for (int count : requests) {
                APIGatewayV2HTTPEventFunction env = environment("sum");
                environments.add(env);
                LambdaHttp http = new LambdaHttp(env);
                for (int i = 0; i < count; i++) {
                    assertThat(http.get("/test/users/" + i + "/stats").getStatusCode())
                            .isEqualTo(200);
                }
                // The push after each invocation runs in the background: wait for it, do not force it.
                assertThat(publishing(env).awaitIdle(Duration.ofSeconds(10))).isTrue();
                instances.add(publishing(env).instanceId().orElseThrow());
            }
            assertThat(instances).hasSize(3);

            // Every environment's group holds its own count: none overwrote another.
            String text = pushgateway.metricsText();
            for (int i = 0; i < requests.length; i++) {
                String instance = publishing(environments.get(i)).instanceId().orElseThrow();
                assertThat(PrometheusText.value(
                                text,
                                "focus_api_http_requests_total",
                                Map.of(
                                        "job",
                                        "focus-api",
                                        "function",
                                        "sum",
                                        "instance",
                                        instance,
                                        "endpoint",
                                        "/test/users/{id}/stats",
                                        "status",
                                        "200")))
                        .isEqualTo(requests[i]);
            }

            String query =
                    "sum without(instance) (focus_api_http_requests_total{function=\"sum\",endpoint=\"/test/users/{id}/stats\"})";
            assertThat(awaitQueryValue(query, 31)).isEqualTo(31);
        } finally {
            environments.forEach(APIGatewayV2HTTPEventFunction::close);
        }
    }

    @Test
    void aDeadPushgatewayNeverFailsARequestAndIsCounted() {
        try (APIGatewayV2HTTPEventFunction env = pushingTo("dead", com.focusapi.testsupport.FreePorts.find())) {
            LambdaHttp http = new LambdaHttp(env);
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            }
            assertThat(publishing(env).awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(pushFailures(env)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aPushgatewayThatNeverAnswersNeverFailsARequest() throws Exception {
        try (java.net.ServerSocket silent =
                        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                APIGatewayV2HTTPEventFunction env = pushingTo("silent", silent.getLocalPort())) {
            LambdaHttp http = new LambdaHttp(env);
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            }
            assertThat(publishing(env).awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(pushFailures(env)).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * The Pushgateway refusing connections (a proxy in front of it), then back: the requests made meanwhile
     * are answered, the failures counted, and once it is back the next push carries every request, those of
     * the outage included (counters are cumulative), with nothing restarted.
     */
    @Test
    void aPushgatewayDownThenBackReceivesEveryRequest() {
        try (com.focusapi.testsupport.FaultyTcpProxy proxy =
                        com.focusapi.testsupport.FaultyTcpProxy.to(pushgateway.port());
                APIGatewayV2HTTPEventFunction env = pushingTo("comeback", proxy.port())) {
            LambdaHttp http = new LambdaHttp(env);
            proxy.refuse();
            for (int i = 0; i < 4; i++) {
                assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            }
            // The failed push ends (within its timeout) and is counted; nothing is thrown.
            assertThat(publishing(env).flush(Duration.ofSeconds(10))).isTrue();
            assertThat(publishing(env).isDirty()).isTrue();
            assertThat(pushFailures(env)).isGreaterThanOrEqualTo(1);
            assertThat(pushgateway.metricsText()).doesNotContain("function=\"comeback\"");

            proxy.passThrough();
            assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            assertThat(publishing(env).flush(Duration.ofSeconds(10))).isTrue();
            assertThat(PrometheusText.value(
                            pushgateway.metricsText(),
                            MetricNames.HTTP_REQUESTS + "_total",
                            Map.of("function", "comeback")))
                    .isEqualTo(5);
        }
    }

    @Test
    void aRestoredSnapshotPushesAsANewInstance() {
        try (APIGatewayV2HTTPEventFunction env = environment("restore")) {
            LambdaHttp http = new LambdaHttp(env);
            http.get("/test/ping");
            MetricsPublishing publishing = publishing(env);
            assertThat(publishing.flush(Duration.ofSeconds(10))).isTrue();
            String before = publishing.instanceId().orElseThrow();
            publishing.renewInstance();
            http.get("/test/ping");
            assertThat(publishing.flush(Duration.ofSeconds(10))).isTrue();
            String after = publishing.instanceId().orElseThrow();
            assertThat(after).isNotEqualTo(before);
            String text = pushgateway.metricsText();
            assertThat(text).contains("instance=\"" + before + "\"").contains("instance=\"" + after + "\"");
        }
    }

    @Test
    void theGuideNamesReachThePushgatewayExactly() {
        try (APIGatewayV2HTTPEventFunction env = environment("names")) {
            var context = env.getApplicationContext();
            context.getBean(ExactGauges.class).set(MetricNames.USERS, "status", "active", 4);
            context.getBean(ExactGauges.class).set(MetricNames.CHALLENGES_PARTICIPANTS, null, null, 3);
            context.getBean(BusinessMetrics.class).trackActivityCreated("YouTube", 12);
            context.getBean(BusinessMetrics.class).trackChallengeCreated();
            assertThat(publishing(env).flush(Duration.ofSeconds(10))).isTrue();
            String instance = publishing(env).instanceId().orElseThrow();
            String text = pushgateway.metricsText();
            assertThat(text).contains("# TYPE focus_api_users_total gauge");
            assertThat(PrometheusText.value(
                            text, "focus_api_users_total", Map.of("instance", instance, "status", "active")))
                    .isEqualTo(4);
            assertThat(PrometheusText.value(
                            text, "focus_api_challenges_participants_total", Map.of("instance", instance)))
                    .isEqualTo(3);
            assertThat(PrometheusText.value(
                            text,
                            "focus_api_activities_created_total",
                            Map.of("instance", instance, "app_name", "youtube")))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_challenges_created_total", Map.of("instance", instance)))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(text, "focus_api_info", Map.of("instance", instance, "name", "focus-api")))
                    .isEqualTo(1);
        }
    }

    /** PUSHGATEWAY_URL with a path (a Pushgateway under --web.route-prefix, or behind a proxy): pushed there. */
    @Test
    void aPushgatewayUnderAPathPrefixIsPushedTo() {
        try (PushgatewayServer prefixed = PushgatewayServer.start("/gateway");
                APIGatewayV2HTTPEventFunction env = TestFunctions.handler(Map.of(
                        "cache.enabled",
                        false,
                        "function.name",
                        "prefixed",
                        "pushgateway.url",
                        prefixed.url() + "/"))) {
            assertThat(new LambdaHttp(env).get("/test/ping").getStatusCode()).isEqualTo(200);
            assertThat(publishing(env).flush(Duration.ofSeconds(10))).isTrue();
            String instance = publishing(env).instanceId().orElseThrow();
            assertThat(PrometheusText.value(
                            prefixed.metricsText(),
                            "focus_api_http_requests_total",
                            Map.of("function", "prefixed", "instance", instance, "endpoint", "/test/ping")))
                    .isEqualTo(1);
            double failures = env.getApplicationContext()
                    .getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class)
                    .get(MetricNames.PUSH_FAILURES)
                    .tag(MetricNames.TAG_TARGET, "pushgateway")
                    .counter()
                    .count();
            assertThat(failures).isZero();
        }
    }

    @Test
    void metricsDisabledRecordAndPushNothing() {
        try (APIGatewayV2HTTPEventFunction env = TestFunctions.handler(Map.of(
                "cache.enabled",
                false,
                "function.name",
                "off",
                "metrics.enabled",
                false,
                "pushgateway.url",
                pushgateway.url()))) {
            assertThat(new LambdaHttp(env).get("/test/ping").getStatusCode()).isEqualTo(200);
            // The business series too: the exact-name ones (gauges, *_created_total) and focus_api_info.
            var context = env.getApplicationContext();
            context.getBean(ExactGauges.class).set(MetricNames.USERS, "status", "active", 4);
            context.getBean(ExactGauges.class).set(MetricNames.CHALLENGES, "status", "active", 2);
            context.getBean(ExactGauges.class).set(MetricNames.CHALLENGES_PARTICIPANTS, null, null, 3);
            context.getBean(BusinessMetrics.class).trackActivityCreated("YouTube", 12);
            context.getBean(BusinessMetrics.class).trackChallengeCreated();
            context.getBean(BusinessMetrics.class).trackUserRegistration();
            assertThat(publishing(env).flush(Duration.ofSeconds(10))).isTrue();
            assertThat(publishing(env).isActive()).isFalse();
            assertThat(pushgateway.metricsText()).doesNotContain("function=\"off\"");
            // What the local API's /metrics serves (LocalInvocationBridge scrapes this registry): nothing at all.
            String scrape = context.getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class)
                    .scrape();
            assertThat(scrape.lines().filter(l -> !l.isBlank())).isEmpty();
        }
    }

    /** Polls Prometheus (it scrapes every second) until the query answers {@code expected} or 30 s pass. */
    private static double awaitQueryValue(String query, double expected) throws Exception {
        double last = Double.NaN;
        for (int attempt = 0; attempt < 60; attempt++) {
            JsonNode result =
                    JSON.readTree(prometheus.query(query)).path("data").path("result");
            if (result.size() == 1) {
                last = result.get(0).path("value").get(1).asDouble();
                if (last == expected) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        return last;
    }
}
