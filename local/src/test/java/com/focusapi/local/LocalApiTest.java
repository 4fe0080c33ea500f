package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local API end to end: real HTTP in, the function's own shaded jar (built by the reactor before this
 * module) in its own class loader, embedded PostgreSQL and Redis behind it.
 */
class LocalApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path dataDirectory;

    private static LocalRuntime runtime;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        SamTemplate template = SamTemplate.load(Path.of("src/test/resources/two-functions.yaml"));
        runtime = LocalRuntime.prepare(template, dataDirectory, Map.of()).serve(0, "/metrics", false);
        base = "http://localhost:" + runtime.port();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsServedByItsFunctionOnEmbeddedServers() throws Exception {
        HttpResponse<String> response = send("GET", "/api/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("healthy");
        assertThat(body.get("database").asText()).isEqualTo("connected");
        assertThat(body.get("cache").get("status").asText()).isEqualTo("connected");
        assertThat(runtime.endpoints().databaseEmbedded()).isTrue();
        assertThat(runtime.endpoints().redisEmbedded()).isTrue();
    }

    @Test
    void routesFollowTheTemplateNotTheJar() throws Exception {
        // StatusFunction runs the same jar, but the template gives it /api/status only: the request reaches
        // it (its own Micronaut 404, with its instance), and /api/health is never served by it.
        HttpResponse<String> status = send("GET", "/api/status", null);
        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(status.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(runtime.host("StatusFunction").isStarted()).isTrue();
        assertThat(runtime.scrapeAll()).contains("function=\"status\"");
    }

    /** Under API Gateway's 10 MB but over the function's 64 KiB: the function's own 413 problem, passed through. */
    @Test
    void aBodyOverTheFunctionsLimitIsItsOwn413() throws Exception {
        HttpResponse<String> response = send("GET", "/api/status", "{\"x\":\"" + "a".repeat(100_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).get("detail").asText()).contains("65536");
    }

    @Test
    void unknownRouteIs404ProblemFromTheGateway() throws Exception {
        HttpResponse<String> response = send("GET", "/api/definitely-not-here", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    }

    @Test
    void wrongMethodIs405ProblemWithAllow() throws Exception {
        HttpResponse<String> response = send("POST", "/api/health", "{not json");
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET");
        assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(405);
    }

    @Test
    void metricsArePrometheusTextOfEveryStartedFunction() throws Exception {
        send("GET", "/api/health", null);
        HttpResponse<String> response = send("GET", "/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(response.body()).contains("# TYPE ").contains("function=\"health\"");
    }

    @Test
    void invokeRunsOneFunctionOnAnEventFile() throws Exception {
        String event = Files.readString(REPO.resolve("events/health.json"));
        JsonNode response = JSON.readTree(runtime.host("HealthFunction").invoke(event));
        assertThat(response.get("statusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(response.get("body").asText()).get("status").asText())
                .isEqualTo("healthy");
    }

    @Test
    void theRepositoryTemplateMapsHealth() throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        RouteTable routes = new RouteTable(template.functions());
        assertThat(routes.match("GET", "/api/health").orElseThrow().function().logicalId())
                .isEqualTo("HealthFunction");
        assertThat(template.function("HealthFunction").jar()).exists();
        assertThat(template.function("HealthFunction").environment())
                .containsEntry("FUNCTION_NAME", "health")
                .doesNotContainKey("DATABASE_URL");
    }
}
