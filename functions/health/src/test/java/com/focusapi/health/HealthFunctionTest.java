package com.focusapi.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.cache.CacheProbe;
import com.focusapi.testsupport.FreePorts;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/health} through the real Lambda handler, against a real PostgreSQL 17 and Debian's
 * Redis 7, each stopped in turn.
 */
class HealthFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresServer postgres;
    private static RedisServer redis;
    private APIGatewayV2HTTPEventFunction handler;
    private ApplicationContext context;

    @BeforeAll
    static void startServers() {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopServers() {
        redis.close();
        postgres.close();
    }

    @AfterEach
    void closeHandler() {
        if (handler != null) {
            // The handler does not close a context it was given; leaving it open would leave its Lettuce
            // and Hikari threads reconnecting to the servers the next test restarts on the same ports.
            handler.close();
            context.close();
        }
        redis.startAgain();
        postgres.startAgain();
    }

    private LambdaHttp function(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port",
                -1,
                "function.name",
                "health",
                "database.url",
                postgres.jdbcUrl(),
                "database.user",
                postgres.user(),
                "database.connection-timeout-ms",
                1000,
                "redis.url",
                redis.url(),
                // Generous on purpose: these tests check the answers, not the timeouts, and a loaded CI
                // machine must not turn a live Redis into "degraded".
                "redis.connect-timeout-ms",
                5000,
                "redis.command-timeout-ms",
                1000));
        properties.putAll(extra);
        context = new LambdaApplicationContextBuilder().properties(properties).build();
        handler = new APIGatewayV2HTTPEventFunction(context);
        return new LambdaHttp(handler);
    }

    @Test
    void healthyWithTheGuidesShape() throws Exception {
        LambdaHttp http = function(Map.of());
        APIGatewayV2HTTPResponse response = http.get("/api/health");

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("database").asText()).isEqualTo("connected");
        JsonNode cache = body.get("cache");
        assertThat(cache.get("enabled").asBoolean()).isTrue();
        assertThat(cache.get("status").asText()).isEqualTo("connected");
        assertThat(cache.get("version").asText()).startsWith("7.");
        assertThat(cache.get("used_memory").asText()).matches("[0-9.]+[BKMG]");
        assertThat(cache.get("total_keys").isIntegralNumber()).isTrue();
        assertThat(cache.has("error")).isFalse();
        assertThat(body.fieldNames()).toIterable().containsExactly("status", "database", "cache");
    }

    @Test
    void totalKeysCountsRedisKeys() throws Exception {
        LambdaHttp http = function(Map.of());
        long before = JSON.readTree(http.get("/api/health").getBody())
                .get("cache")
                .get("total_keys")
                .asLong();
        try (var socket = new java.net.Socket("127.0.0.1", redis.port())) {
            socket.getOutputStream().write("SET health:probe 1\r\nSET health:probe2 2\r\n".getBytes());
            socket.getOutputStream().flush();
            socket.getInputStream().read(new byte[10]);
            Thread.sleep(100);
        }
        long after = JSON.readTree(http.get("/api/health").getBody())
                .get("cache")
                .get("total_keys")
                .asLong();
        assertThat(after).isEqualTo(before + 2);
    }

    @Test
    void redisDownIsDegradedWithTheCacheError() throws Exception {
        LambdaHttp http = function(Map.of());
        assertThat(http.get("/api/health").getStatusCode()).isEqualTo(200);

        redis.stop();
        // Bounded by the probe's own timeout: a dead Redis must not hang the health answer.
        APIGatewayV2HTTPResponse response =
                CompletableFuture.supplyAsync(() -> http.get("/api/health")).get(10, TimeUnit.SECONDS);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.get("database").asText()).isEqualTo("connected");
        assertThat(body.get("cache").get("enabled").asBoolean()).isTrue();
        assertThat(body.get("cache").get("status").asText()).isEqualTo("disconnected");
        assertRevealsNothing(response, redis.port());

        redis.startAgain();
        // Lettuce reconnects by itself; health turns healthy again without a restart.
        String status = "";
        for (int i = 0; i < 100 && !status.equals("healthy"); i++) {
            Thread.sleep(100);
            status = JSON.readTree(http.get("/api/health").getBody())
                    .get("status")
                    .asText();
        }
        assertThat(status).isEqualTo("healthy");
    }

    @Test
    void redisNeverReachableAtStartIsDegraded() throws Exception {
        redis.stop();
        LambdaHttp http = function(Map.of());
        JsonNode body = JSON.readTree(http.get("/api/health").getBody());
        assertThat(body.get("status").asText()).isEqualTo("degraded");
    }

    @Test
    void cacheDisabledIsHealthyWithEnabledFalse() throws Exception {
        LambdaHttp http = function(Map.of("cache.enabled", "False"));
        APIGatewayV2HTTPResponse response = http.get("/api/health");
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("cache").get("enabled").asBoolean()).isFalse();
    }

    @Test
    void databaseDownIs503Unhealthy() throws Exception {
        LambdaHttp http = function(Map.of());
        assertThat(http.get("/api/health").getStatusCode()).isEqualTo(200);

        postgres.stop();
        APIGatewayV2HTTPResponse response =
                CompletableFuture.supplyAsync(() -> http.get("/api/health")).get(15, TimeUnit.SECONDS);

        assertThat(response.getStatusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.getBody());
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.get("database").asText()).isEqualTo("disconnected");
        assertThat(body.get("cache").get("status").asText()).isEqualTo("connected");
    }

    @Test
    void wrongMethodIs405Problem() {
        LambdaHttp http = function(Map.of());
        APIGatewayV2HTTPResponse response = http.send("POST", "/api/health", "{}", Map.of());
        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getBody()).contains("\"status\":405");
    }

    /** Redis never reachable since start: the answer still names no host, port or driver message. */
    @Test
    void theHealthAnswerNamesNoHostPortOrDriverMessage() throws Exception {
        int port = FreePorts.find();
        LambdaHttp http = function(Map.of("redis.url", "redis://127.0.0.1:" + port));
        APIGatewayV2HTTPResponse response =
                CompletableFuture.supplyAsync(() -> http.get("/api/health")).get(10, TimeUnit.SECONDS);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.getBody()).get("status").asText()).isEqualTo("degraded");
        assertRevealsNothing(response, port);
    }

    private static void assertRevealsNothing(APIGatewayV2HTTPResponse response, int redisPort) throws Exception {
        JsonNode cache = JSON.readTree(response.getBody()).get("cache");
        // The guide's fields, and an error that is one of the fixed phrases.
        assertThat(cache.get("enabled").asBoolean()).isTrue();
        assertThat(cache.get("status").asText()).isEqualTo("disconnected");
        assertThat(cache.get("error").asText()).isIn(CacheProbe.UNREACHABLE, CacheProbe.TIMED_OUT, CacheProbe.FAILED);
        assertThat(response.getBody())
                .doesNotContain(String.valueOf(redisPort), String.valueOf(postgres.port()))
                .doesNotContain("127.0.0.1", "localhost", "redis://", "jdbc:", "Exception", "refused");
    }
}
