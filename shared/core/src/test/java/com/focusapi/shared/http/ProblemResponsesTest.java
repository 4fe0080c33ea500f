package com.focusapi.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error a function can produce is a problem+json answer with the right status. */
class ProblemResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static APIGatewayV2HTTPEventFunction handler;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        handler = TestFunctions.handler(Map.of("cache.enabled", false));
        http = new LambdaHttp(handler);
    }

    @AfterAll
    static void stop() {
        handler.close();
    }

    @Test
    void validBodyIsAcceptedInSnakeCase() throws Exception {
        APIGatewayV2HTTPResponse response = post("{\"app_name\":\"YouTube\",\"duration_minutes\":30}");
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.getBody()).get("app_name").asText()).isEqualTo("YouTube");
    }

    @Test
    void malformedJsonIs400Problem() throws Exception {
        JsonNode problem = problem(post("{\"app_name\": \"YouTube\", "), 400);
        assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
        assertThat(problem.get("detail").asText()).isEqualTo("The request body is not valid JSON.");
    }

    @Test
    void unknownFieldIs400NamingIt() throws Exception {
        JsonNode problem = problem(post("{\"app_name\":\"YouTube\",\"duration_minutes\":30,\"admin\":true}"), 400);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("admin");
        assertThat(problem.get("detail").asText()).isEqualTo("Unknown field 'admin'.");
    }

    @Test
    void wrongTypeIs400NamingTheField() throws Exception {
        JsonNode problem = problem(post("{\"app_name\":\"YouTube\",\"duration_minutes\":\"lots\"}"), 400);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("duration_minutes");
    }

    @Test
    void invalidFieldsAreNamed() throws Exception {
        JsonNode problem = problem(post("{\"app_name\":\"\",\"duration_minutes\":0}"), 400);
        assertThat(problem.get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("app_name", "duration_minutes");
    }

    @Test
    void tooLongMinutesNamed() throws Exception {
        JsonNode problem = problem(post("{\"app_name\":\"x\",\"duration_minutes\":1441}"), 400);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("duration_minutes");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() throws Exception {
        for (String body : new String[] {"1", "true", "1.5", "[1]", "\"str\"", "[]", "[{}]"}) {
            JsonNode problem = problem(post(body), 400);
            assertThat(problem.get("detail").asText()).as(body).contains("JSON object");
        }
    }

    @Test
    void aNullBodySaysAnObjectIsExpected() throws Exception {
        JsonNode problem = problem(post("null"), 400);
        assertThat(problem.get("detail").asText()).contains("JSON object").doesNotContain("Required Body");
    }

    @Test
    void scalarsAreNotCoerced() throws Exception {
        String[][] cases = {
            {"{\"app_name\":\"x\",\"duration_minutes\":\"5\"}", "duration_minutes"},
            {"{\"app_name\":\"x\",\"duration_minutes\":5.7}", "duration_minutes"},
            {"{\"app_name\":\"x\",\"duration_minutes\":5.0}", "duration_minutes"},
            {"{\"app_name\":123,\"duration_minutes\":5}", "app_name"},
            {"{\"app_name\":true,\"duration_minutes\":5}", "app_name"},
            {"{\"app_name\":\"x\",\"duration_minutes\":99999999999999}", "duration_minutes"},
            {"{\"app_name\":\"x\",\"duration_minutes\":999999999999999999999999}", "duration_minutes"},
            {"{\"app_name\":\"x\",\"duration_minutes\":5,\"activity_date\":20260101}", "activity_date"},
            {"{\"app_name\":\"x\",\"duration_minutes\":5,\"active\":\"true\"}", "active"},
        };
        for (String[] c : cases) {
            JsonNode problem = problem(post(c[0]), 400);
            assertThat(problem.get("errors").findValuesAsText("field")).as(c[0]).containsExactly(c[1]);
            assertThat(problem.get("errors").get(0).get("message").asText())
                    .as(c[0])
                    .isNotEqualTo("invalid value");
        }
    }

    @Test
    void aDatetimeWhereADateIsExpectedIsTheOneCoercion() throws Exception {
        APIGatewayV2HTTPResponse response =
                post("{\"app_name\":\"x\",\"duration_minutes\":5,\"activity_date\":\"2026-03-01T10:00:00+01:00\"}");
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(response.getBody()).get("activity_date").asText())
                .isEqualTo("2026-03-01");
    }

    @Test
    void lengthsCountCodePoints() throws Exception {
        String emoji = "\uD83D\uDE00".repeat(100);
        APIGatewayV2HTTPResponse response = post("{\"app_name\":\"" + emoji + "\",\"duration_minutes\":5}");
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        problem(post("{\"app_name\":\"" + emoji + "x\",\"duration_minutes\":5}"), 400);
    }

    @Test
    void queryValuesOfTheWrongTypeAreNamedInClientTerms() throws Exception {
        JsonNode size = problem(http.get("/test/query?page_size=abc"), 400);
        assertThat(size.get("errors").findValuesAsText("field")).containsExactly("page_size");
        assertThat(size.toString()).doesNotContain("pageSize", "For input string", "Failed to convert");
        JsonNode date = problem(http.get("/test/query?date=abc"), 400);
        assertThat(date.get("errors").findValuesAsText("field")).containsExactly("date");
        assertThat(date.toString())
                .doesNotContain("could not be parsed", "index 0")
                .contains("YYYY-MM-DD");
    }

    @Test
    void wrongMethodIs405Problem() throws Exception {
        problem(http.send("DELETE", "/test/echo", null, Map.of()), 405);
    }

    @Test
    void unknownRouteIs404Problem() throws Exception {
        JsonNode problem = problem(http.get("/api/nothing-here"), 404);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/nothing-here");
    }

    private static APIGatewayV2HTTPResponse post(String body) {
        return http.send("POST", "/test/echo", body, Map.of());
    }

    private static JsonNode problem(APIGatewayV2HTTPResponse response, int status) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        String contentType =
                response.getHeaders() != null ? response.getHeaders().get("Content-Type") : null;
        if (contentType == null && response.getMultiValueHeaders() != null) {
            contentType =
                    String.join(",", response.getMultiValueHeaders().getOrDefault("Content-Type", java.util.List.of()));
        }
        assertThat(contentType).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        // Internals never reach the client: no Java class names, no parser's own wording.
        assertThat(response.getBody()).doesNotContain("com.fasterxml", "java.", "com.focusapi", "Exception");
        assertThat(problem.get("type").asText()).isNotBlank();
        return problem;
    }
}
