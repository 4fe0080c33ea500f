package com.focusapi.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.persistence.SchemaMigrations;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What the journey suites share: a function of the real template on shared servers, and one HTTP call to it. */
final class JourneyHosts {
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private JourneyHosts() {}

    /** One answer of a function. */
    record Reply(int status, Map<String, String> headers, JsonNode json) {
        String text(String field) {
            return json.path(field).asText();
        }
    }

    /**
     * The template's environment of {@code logicalId} as properties, then the shared PostgreSQL (migrated here,
     * as the local API does: function jars carry no Flyway),
     * Redis (the cache on, shared as in AWS), JWT secret file, no metrics, no server port; {@code extra} wins.
     */
    static FunctionHost host(
            SamTemplate template,
            String logicalId,
            PostgresServer postgres,
            RedisServer redis,
            Path jwtSecret,
            Map<String, Object> extra) {
        SchemaMigrations.apply(postgres.jdbcUrl(), postgres.user(), "");
        Map<String, Object> properties = new HashMap<>();
        template.function(logicalId).environment().forEach((name, value) -> {
            for (String property : PropertyNames.fromEnvironmentVariable(name)) {
                properties.put(property, value);
            }
        });
        properties.put("database.url", postgres.jdbcUrl());
        properties.put("database.user", postgres.user());
        properties.put("database.migrate", false);
        properties.put("cache.enabled", true);
        properties.put("redis.url", redis.url());
        properties.put("metrics.enabled", false);
        // The template turns CloudWatch on (CLOUDWATCH_ENABLED=true); here there is no AWS region nor account.
        properties.put("cloudwatch.enabled", false);
        properties.put("jwt.secret-file", jwtSecret.toString());
        properties.put("micronaut.server.port", -1);
        properties.putAll(extra);
        return new FunctionHost(template.function(logicalId), properties);
    }

    static Reply call(FunctionHost host, String method, String path, Object body, String token) throws Exception {
        return call(host, method, path, body, token, Map.of());
    }

    static Reply call(
            FunctionHost host, String method, String path, Object body, String token, Map<String, String> extraHeaders)
            throws Exception {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        String event = JSON.writeValueAsString(LambdaHttp.event(method, path, JsonApi.toJson(body), headers));
        JsonNode response = JSON.readTree(host.invoke(event));
        Map<String, String> responseHeaders = new HashMap<>();
        response.path("headers")
                .fields()
                .forEachRemaining(e -> responseHeaders.put(
                        e.getKey().toLowerCase(), e.getValue().asText()));
        return new Reply(
                response.get("statusCode").asInt(),
                responseHeaders,
                JsonApi.parse(response.path("body").asText(null)));
    }
}
