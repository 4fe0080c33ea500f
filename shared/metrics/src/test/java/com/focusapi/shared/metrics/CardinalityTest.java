package com.focusapi.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** 10,000 distinct paths and 10,000 distinct app names: the number of series stays bounded. */
class CardinalityTest {

    @Test
    void tenThousandPathsAndAppNamesProduceABoundedNumberOfSeries() {
        try (APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(
                Map.of("cache.enabled", false, "function.name", "cardinality", "metrics.app-name-limit", 50))) {
            LambdaHttp http = new LambdaHttp(handler);
            for (int i = 0; i < 10_000; i++) {
                // Half hit a templated route with a new id, half are scanner paths no route matches.
                String path = i % 2 == 0 ? "/test/users/" + i + "/stats" : "/scan/" + UUID.randomUUID();
                http.get(path);
                http.send("POST", "/test/activities?app=app-" + i + "&minutes=5", null, Map.of());
            }
            String text = handler.getApplicationContext()
                    .getBean(PrometheusMeterRegistry.class)
                    .scrape();

            // Routes: /test/users/{id}/stats (200), unmatched (404), /test/activities (200)
            assertThat(PrometheusText.series(text, "focus_api_http_requests_total"))
                    .isEqualTo(3);
            assertThat(PrometheusText.series(text, "focus_api_http_request_duration_seconds_count"))
                    .isEqualTo(3);
            assertThat(PrometheusText.series(text, "focus_api_http_errors_total"))
                    .isEqualTo(1);
            assertThat(PrometheusText.value(
                            text, "focus_api_http_requests_total", Map.of("endpoint", MetricNames.UNMATCHED_ENDPOINT)))
                    .isEqualTo(5_000);
            // 50 app names admitted, every later one is "other"
            assertThat(PrometheusText.series(text, "focus_api_activities_created_total"))
                    .isEqualTo(51);
            assertThat(PrometheusText.value(
                            text, "focus_api_activities_created_total", Map.of("app_name", MetricNames.OTHER)))
                    .isEqualTo(10_000 - 50);
            assertThat(PrometheusText.value(text, "focus_api_activities_created_total", Map.of()))
                    .isEqualTo(10_000);
            // Whole scrape: bounded, whatever the traffic (every series line, all metrics)
            long lines = text.lines().filter(l -> !l.startsWith("#")).count();
            assertThat(lines).isLessThan(1_000);
        }
    }
}
