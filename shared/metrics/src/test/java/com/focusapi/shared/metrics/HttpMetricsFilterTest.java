package com.focusapi.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testapp.BlockingProbeController;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP metrics as the real Lambda handler (API Gateway payload 2.0) records them. */
class HttpMetricsFilterTest {
    private static APIGatewayV2HTTPEventFunction handler;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        handler = TestFunctions.handler(Map.of("cache.enabled", false, "function.name", "probe"));
        http = new LambdaHttp(handler);
    }

    @AfterAll
    static void stop() {
        handler.close(); // TestFunctions' handler closes its application context too
        assertThat(handler.getApplicationContext().isRunning()).isFalse();
    }

    private static String scrape() {
        return handler.getApplicationContext()
                .getBean(PrometheusMeterRegistry.class)
                .scrape();
    }

    @Test
    void countsByRouteTemplateMethodAndStatus() {
        for (int id = 1; id <= 5; id++) {
            assertThat(http.get("/test/users/" + id + "/stats").getStatusCode()).isEqualTo(200);
        }
        String text = scrape();
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_requests_total",
                        Map.of(
                                "method",
                                "GET",
                                "endpoint",
                                "/test/users/{id}/stats",
                                "status",
                                "200",
                                "function",
                                "probe")))
                .isEqualTo(5);
        assertThat(text).doesNotContain("endpoint=\"/test/users/1/stats\"");
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_request_duration_seconds_count",
                        Map.of("method", "GET", "endpoint", "/test/users/{id}/stats")))
                .isEqualTo(5);
        // The guide's buckets
        assertThat(text)
                .contains(
                        "focus_api_http_request_duration_seconds_bucket{endpoint=\"/test/users/{id}/stats\",function=\"probe\",method=\"GET\",le=\"0.005\"}");
        assertThat(text).contains("le=\"0.01\"");
        // Nothing in flight once the responses are out
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_requests_in_progress",
                        Map.of("method", "GET", "endpoint", "/test/users/{id}/stats")))
                .isEqualTo(0);
    }

    @Test
    void inProgressRisesDuringARequestAndFallsAfterIt() throws Exception {
        BlockingProbeController.entered = new CountDownLatch(1);
        BlockingProbeController.release = new CountDownLatch(1);
        Map<String, String> labels = Map.of("method", "GET", "endpoint", "/test/blocking", "function", "probe");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> status =
                    client.submit(() -> http.get("/test/blocking").getStatusCode());
            assertThat(BlockingProbeController.entered.await(30, TimeUnit.SECONDS))
                    .isTrue();
            // The request is inside the controller: one in flight.
            assertThat(PrometheusText.value(scrape(), "focus_api_http_requests_in_progress", labels))
                    .isEqualTo(1);
            BlockingProbeController.release.countDown();
            assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(PrometheusText.value(scrape(), "focus_api_http_requests_in_progress", labels))
                    .isEqualTo(0);
        } finally {
            BlockingProbeController.release.countDown();
            client.shutdownNow();
        }
    }

    @Test
    void errorsAreCountedByTypeAndUnmatchedPathsShareOneEndpoint() {
        assertThat(http.get("/test/fail").getStatusCode()).isEqualTo(500);
        assertThat(http.get("/test/teapot").getStatusCode()).isEqualTo(418);
        assertThat(http.get("/wp-admin/setup.php").getStatusCode()).isEqualTo(404);
        assertThat(http.get("/.env").getStatusCode()).isEqualTo(404);
        String text = scrape();
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_errors_total",
                        Map.of("endpoint", "/test/fail", "error_type", "server_error")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(
                        text, "focus_api_http_requests_total", Map.of("endpoint", "/test/fail", "status", "500")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_errors_total",
                        Map.of("endpoint", "/test/teapot", "error_type", "client_error")))
                .isEqualTo(1);
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_requests_total",
                        Map.of("endpoint", MetricNames.UNMATCHED_ENDPOINT, "status", "404")))
                .isEqualTo(2);
        assertThat(PrometheusText.value(
                        text,
                        "focus_api_http_errors_total",
                        Map.of("endpoint", MetricNames.UNMATCHED_ENDPOINT, "error_type", "not_found")))
                .isEqualTo(2);
        assertThat(text).doesNotContain("wp-admin").doesNotContain(".env");
    }

    /**
     * A request the gateway routed (its route key names a template) but that no route of the function
     * matches is still "unmatched", not counted under the gateway's template or its raw path.
     */
    @Test
    void unknownRoutesBehindAGatewayRouteAreUnmatched() {
        // Its own handler: the counts of the other tests stay exact.
        try (APIGatewayV2HTTPEventFunction own =
                TestFunctions.handler(Map.of("cache.enabled", false, "function.name", "probe"))) {
            for (String path : new String[] {"/test/users/1/stats/extra", "/test/nothing", "/test/nothing/2"}) {
                var event = LambdaHttp.event("GET", path, null, Map.of());
                event.setRouteKey("GET /test/{proxy+}");
                event.getRequestContext().setRouteKey("GET /test/{proxy+}");
                event.setPathParameters(Map.of("proxy", path.substring("/test/".length())));
                assertThat(own.handleRequest(event, new LambdaHttp.TestContext())
                                .getStatusCode())
                        .as(path)
                        .isEqualTo(404);
            }
            String text = own.getApplicationContext()
                    .getBean(PrometheusMeterRegistry.class)
                    .scrape();
            assertThat(text)
                    .doesNotContain("endpoint=\"/test/{proxy+}\"")
                    .doesNotContain("/test/nothing")
                    .doesNotContain("stats/extra");
            assertThat(PrometheusText.value(
                            text,
                            "focus_api_http_errors_total",
                            Map.of("endpoint", MetricNames.UNMATCHED_ENDPOINT, "error_type", "not_found")))
                    .isEqualTo(3);
        }
    }

    /** Every HELP line is English and says what the metric counts; none repeats its own name. */
    @Test
    void helpTextsAreEnglishAndSayWhatTheyCount() {
        var context = handler.getApplicationContext();
        var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
        // As the cache module registers its meters (with its own, French, descriptions).
        registry.counter("focus_api_cache_hits").increment();
        io.micrometer.core.instrument.Counter.builder("focus_api_cache_misses")
                .description("Misses de cache")
                .register(registry)
                .increment();
        io.micrometer.core.instrument.Timer.builder("focus_api_cache_operations_duration")
                .description("Duree des operations de cache")
                .tag("operation", "get")
                .register(registry)
                .record(java.time.Duration.ofMillis(1));
        var exact = context.getBean(com.focusapi.shared.metrics.internal.ExactNamesCollector.class);
        exact.counter(MetricNames.ACTIVITIES_CREATED, MetricNames.TAG_APP_NAME, "youtube")
                .add(1);
        exact.counter(MetricNames.CHALLENGES_CREATED, null, null).add(1);
        exact.gauge(MetricNames.USERS, "status", "active").set(1);
        http.get("/test/db/active");
        java.util.List<String> help =
                scrape().lines().filter(l -> l.startsWith("# HELP focus_api")).toList();
        assertThat(help)
                .extracting(l -> l.split(" ")[2])
                .contains(
                        "focus_api_cache_hits_total",
                        "focus_api_cache_misses_total",
                        "focus_api_cache_operations_duration_seconds",
                        "focus_api_activities_created_total",
                        "focus_api_users_total",
                        "focus_api_http_requests_total");
        for (String line : help) {
            String name = line.split(" ")[2];
            String text = line.substring(("# HELP " + name + " ").length());
            assertThat(text)
                    .as(line)
                    .isNotBlank()
                    .isNotEqualTo(name)
                    .doesNotContain("focus_api_")
                    .doesNotContainIgnoringCase(" de ")
                    .doesNotContainIgnoringCase("duree")
                    .doesNotContain("Set by");
            assertThat(MetricNames.help(name)).as(line).isEqualTo(text);
        }
    }

    @Test
    void infoCarriesVersionAndName() {
        String text = scrape();
        assertThat(text).containsPattern("focus_api_info\\{[^}]*name=\"focus-api\"[^}]*\\} 1");
        assertThat(text).containsPattern("focus_api_info\\{[^}]*version=\"");
    }
}
