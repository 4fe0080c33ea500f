package com.focusapi.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Base64;
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
    void unknownFieldWithAnEmptyNameIsNamedToo() throws Exception {
        JsonNode problem = problem(post("{\"app_name\":\"YouTube\",\"duration_minutes\":30,\"\":[]}"), 400);
        JsonNode error = problem.get("errors").get(0);
        assertThat(error.has("field")).as(problem.toString()).isTrue();
        assertThat(error.get("field").asText()).isEmpty();
        assertThat(error.get("message").asText()).isEqualTo("unknown field");
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

    // ---- inputs PostgreSQL cannot store, and bodies over the limit: refused for every route at once ------

    @Test
    void aNulInAnyStringOfTheBodyIs400NamingTheField() throws Exception {
        JsonNode top = problem(post("{\"app_name\":\"a\\u0000b\",\"duration_minutes\":5}"), 400);
        assertThat(top.get("errors").findValuesAsText("field")).containsExactly("app_name");
        assertThat(top.get("errors").get(0).get("message").asText()).contains("NUL");
        JsonNode nested =
                problem(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"tags\":[\"ok\",\"\\u0000\"]}"), 400);
        assertThat(nested.get("errors").findValuesAsText("field")).containsExactly("tags.1");
        // Other control characters are text like any other.
        assertThat(post("{\"app_name\":\"a\\u0001b\",\"duration_minutes\":5}").getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void aNulInTheQueryOrThePathIs400() throws Exception {
        assertThat(http.get("/test/text?q=fine").getStatusCode()).isEqualTo(200);
        JsonNode decoded = problem(http.get("/test/text?q=a\u0000b"), 400);
        assertThat(decoded.get("errors").findValuesAsText("field")).containsExactly("q");
        // (API Gateway decodes query values before the function sees them: "%00" arrives as U+0000 above.)
        problem(http.get("/test/text%00?q=x"), 400);
    }

    @Test
    void datesOutsideYears0000To9999Are400NamingTheField() throws Exception {
        JsonNode far = problem(
                post("{\"app_name\":\"a\",\"duration_minutes\":5,\"start_time\":\"+300000-01-01T00:00:00Z\"}"), 400);
        assertThat(far.get("errors").findValuesAsText("field")).containsExactly("start_time");
        assertThat(far.get("errors").get(0).get("message").asText()).contains("9999");
        JsonNode date =
                problem(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"activity_date\":\"+300000-01-01\"}"), 400);
        assertThat(date.get("errors").findValuesAsText("field")).containsExactly("activity_date");
        problem(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"start_time\":\"-0001-01-01T00:00:00Z\"}"), 400);
        assertThat(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"activity_date\":\"0000-01-01\"}")
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"start_time\":\"9999-12-31T23:59:59Z\"}")
                        .getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413AndOneAtTheLimitIsRead() throws Exception {
        String padding = " ".repeat(RequestHygieneFilter.MAX_BODY_BYTES);
        JsonNode tooLarge = problem(post("{\"app_name\":\"a\",\"duration_minutes\":5}" + padding), 413);
        assertThat(tooLarge.get("detail").asText()).contains(String.valueOf(RequestHygieneFilter.MAX_BODY_BYTES));
        String body = "{\"app_name\":\"a\",\"duration_minutes\":5}";
        String atLimit = body + " ".repeat(RequestHygieneFilter.MAX_BODY_BYTES - body.length());
        assertThat(post(atLimit).getStatusCode()).isEqualTo(200);
        // Multi-byte characters count as the bytes they take: 30,000 "é" are 60,000 bytes, 40,000 are 80,000.
        assertThat(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"tags\":[\"" + "é".repeat(30_000) + "\"]}")
                        .getStatusCode())
                .isEqualTo(200);
        problem(post("{\"app_name\":\"a\",\"duration_minutes\":5,\"tags\":[\"" + "é".repeat(40_000) + "\"]}"), 413);
        // A base64 (binary) body is measured decoded.
        var event =
                LambdaHttp.event("POST", "/test/echo", Base64.getEncoder().encodeToString(new byte[100_000]), Map.of());
        event.setIsBase64Encoded(true);
        problem(handler.handleRequest(event, new LambdaHttp.TestContext()), 413);
    }

    /** Every answer, success or problem, even one a filter gave before any controller, is no-store. */
    @Test
    void noAnswerMayBeStored() throws Exception {
        String padding = " ".repeat(RequestHygieneFilter.MAX_BODY_BYTES);
        for (APIGatewayV2HTTPResponse response : new APIGatewayV2HTTPResponse[] {
            http.get("/test/ping"),
            post("{\"app_name\":\"YouTube\",\"duration_minutes\":30}"),
            post("{\"app_name\":\"\",\"duration_minutes\":0}"),
            http.get("/api/nothing-here"),
            http.get("/test/text?q=a\u0000b"),
            post("{}" + padding),
        }) {
            assertThat(response.getHeaders().get("Cache-Control"))
                    .as(response.getStatusCode() + " " + response.getBody())
                    .isEqualTo(NoStoreFilter.NO_STORE);
        }
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
