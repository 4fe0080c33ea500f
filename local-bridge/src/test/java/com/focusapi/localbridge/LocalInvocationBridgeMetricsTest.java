package com.focusapi.localbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.testsupport.LambdaHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local API's door: requests through it are counted by the same filter, and its scrape shows them. */
class LocalInvocationBridgeMetricsTest {

    @Test
    void scrapeShowsTheFunctionsHttpMetrics() throws Exception {
        ObjectMapper json = new ObjectMapper();
        LocalInvocationBridge closed;
        try (LocalInvocationBridge bridge = new LocalInvocationBridge(
                "local-probe",
                "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction",
                Map.of("cache.enabled", false, "function.name", "local-probe", "micronaut.server.port", -1),
                512,
                20)) {
            closed = bridge;
            for (int id = 1; id <= 3; id++) {
                String event = json.writeValueAsString(
                        LambdaHttp.event("GET", "/test/users/" + id + "/stats", null, Map.of()));
                assertThat(bridge.invoke(event)).contains("\"statusCode\":200");
            }
            String scrape = bridge.scrapePrometheus();
            assertThat(scrape)
                    .containsPattern(
                            "focus_api_http_requests_total\\{endpoint=\"/test/users/\\{id}/stats\",function=\"local-probe\",method=\"GET\",status=\"200\"} 3");
            assertThat(scrape).contains("focus_api_info{function=\"local-probe\"");
        }
        // The handler leaves a context passed to it open: the bridge closes it itself.
        assertThat(closed.isContextRunning()).isFalse();
    }
}
