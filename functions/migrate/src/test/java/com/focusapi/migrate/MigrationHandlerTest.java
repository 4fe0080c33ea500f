package com.focusapi.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.testsupport.PostgresServer;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration function against a real PostgreSQL, answering CloudFormation at a real HTTP endpoint that
 * stands in for the pre-signed S3 response URL.
 */
class MigrationHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresServer postgres;
    private static HttpServer cloudFormation;
    private static final List<String> responses = new CopyOnWriteArrayList<>();
    private static final List<String> contentTypes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        cloudFormation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cloudFormation.createContext("/response", exchange -> {
            responses.add(new String(exchange.getRequestBody().readAllBytes()));
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        cloudFormation.start();
    }

    @AfterAll
    static void stop() {
        cloudFormation.stop(0);
        postgres.close();
    }

    @BeforeEach
    void clear() {
        responses.clear();
        contentTypes.clear();
    }

    private static MigrationHandler handler(String jdbcUrl) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port",
                -1,
                "function.name",
                "migrate",
                "database.url",
                jdbcUrl,
                "database.user",
                postgres.user(),
                "database.connection-timeout-ms",
                1000,
                "cache.enabled",
                false));
        return new MigrationHandler(new LambdaApplicationContextBuilder().properties(properties));
    }

    private static Map<String, Object> customResource(String requestType) {
        return Map.of(
                "RequestType",
                requestType,
                "ResponseURL",
                "http://127.0.0.1:" + cloudFormation.getAddress().getPort() + "/response",
                "StackId",
                "arn:aws:cloudformation:eu-west-1:123456789012:stack/focus-api/1",
                "RequestId",
                "req-" + requestType,
                "LogicalResourceId",
                "SchemaMigration",
                "ResourceProperties",
                Map.of("CodeVersion", "1"));
    }

    @Test
    void createMigratesAndAnswersSuccess() throws Exception {
        try (MigrationHandler handler = handler(postgres.jdbcUrl())) {
            handler.handleRequest(customResource("Create"), null);
        }
        assertThat(responses).hasSize(1);
        JsonNode response = JSON.readTree(responses.get(0));
        assertThat(response.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(response.get("PhysicalResourceId").asText()).isEqualTo("focus-api-schema");
        assertThat(response.get("RequestId").asText()).isEqualTo("req-Create");
        assertThat(response.get("LogicalResourceId").asText()).isEqualTo("SchemaMigration");
        assertThat(response.get("Data").get("schema_version").asText()).isNotBlank();
        // A pre-signed URL's signature does not cover a Content-Type: none may be sent.
        assertThat(contentTypes.get(0)).isEqualTo("null");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void manualInvocationReportsTheSchemaVersion() {
        try (MigrationHandler handler = handler(postgres.jdbcUrl())) {
            Map<String, Object> result = handler.handleRequest(Map.of(), null);
            assertThat(result).containsKeys("schema_version", "migrations_applied");
        }
        assertThat(responses).isEmpty();
    }

    @Test
    void deleteLeavesTheSchemaAndAnswersSuccess() throws Exception {
        try (MigrationHandler handler = handler(postgres.jdbcUrl())) {
            handler.handleRequest(customResource("Delete"), null);
        }
        assertThat(JSON.readTree(responses.get(0)).get("Status").asText()).isEqualTo("SUCCESS");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                ResultSet rs = connection.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void unreachableDatabaseAnswersFailedInsteadOfLeavingTheStackWaiting() throws Exception {
        try (MigrationHandler handler = handler("jdbc:postgresql://127.0.0.1:1/none")) {
            handler.handleRequest(customResource("Update"), null);
        }
        assertThat(responses).hasSize(1);
        JsonNode response = JSON.readTree(responses.get(0));
        assertThat(response.get("Status").asText()).isEqualTo("FAILED");
        assertThat(response.get("Reason").asText()).startsWith("Schema migration failed");
    }
}
