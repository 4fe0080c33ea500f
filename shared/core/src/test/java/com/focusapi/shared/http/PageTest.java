package com.focusapi.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paginated list of the wire format, as a function answers it. */
class PageTest {

    @Test
    void anEmptyPageStillHasItsItems() throws Exception {
        try (APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of("cache.enabled", false))) {
            var response = new LambdaHttp(handler).get("/test/empty-page");
            assertThat(response.getStatusCode()).isEqualTo(200);
            JsonNode page = new ObjectMapper().readTree(response.getBody());
            assertThat(page.has("items")).as(response.getBody()).isTrue();
            assertThat(page.get("items").isArray()).isTrue();
            assertThat(page.get("items").size()).isZero();
            assertThat(page.get("total").asInt()).isZero();
            assertThat(page.get("page_size").asInt()).isEqualTo(20);
            assertThat(page.get("total_pages").asInt()).isZero();
        }
    }
}
