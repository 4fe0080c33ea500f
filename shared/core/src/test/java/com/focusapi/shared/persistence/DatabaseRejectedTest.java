package com.focusapi.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL refusing the values of a request: each refusal is the client's 4xx problem (409, 400,
 * 422), never a 500, and names no table, constraint or SQL; a value it accepts still goes through.
 */
class DatabaseRejectedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresServer postgres;
    private static APIGatewayV2HTTPEventFunction handler;
    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        handler = TestFunctions.onDatabase(postgres, Map.of());
        http = new LambdaHttp(handler);
    }

    @AfterAll
    static void stop() {
        handler.close();
        postgres.close();
    }

    @Test
    void aUniqueValueTakenIs409() throws Exception {
        assertProblem(reject("unique", "taken"), 409);
        assertThat(reject("unique", "free").getStatusCode()).isEqualTo(200);
    }

    @Test
    void aBrokenCheckIs422() throws Exception {
        assertProblem(reject("check", "-5"), 422);
    }

    @Test
    void valuesPostgresCannotHoldAre400() throws Exception {
        assertProblem(reject("overflow", "2147483647"), 400); // 22003
        assertProblem(reject("timestamp", "300000-01-01T00:00:00Z"), 400); // 22008
        assertProblem(reject("offset", "-1"), 400); // 2201X
        assertProblem(reject("text", "a<NUL>b"), 400); // 22021
        assertThat(reject("timestamp", "2026-01-01T00:00:00Z").getStatusCode()).isEqualTo(200);
    }

    private static APIGatewayV2HTTPResponse reject(String which, String value) throws Exception {
        return http.send(
                "POST",
                "/test/db/reject/" + which,
                JSON.writeValueAsString(Map.of("value", value)),
                Map.of("Content-Type", "application/json"));
    }

    private static void assertProblem(APIGatewayV2HTTPResponse response, int status) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).doesNotContain("probe", "SQL", "constraint", "PSQL");
    }
}
