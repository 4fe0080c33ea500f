package com.focusapi.testsupport;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON calls through {@link LambdaHttp}: a body given as a Map or a raw string (to send malformed JSON), an
 * optional Bearer token and extra headers, and an answer with its status, headers and parsed body.
 */
public final class JsonApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LambdaHttp http;

    public JsonApi(LambdaHttp http) {
        this.http = http;
    }

    /** One answer. {@code json} is a MissingNode when the body is empty or not JSON. */
    public record Reply(int status, Map<String, String> headers, String body, JsonNode json) {
        public String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        public String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.asText();
        }

        /** The snake_case names of the fields a validation problem lists. */
        public List<String> errorFields() {
            return json.path("errors").findValuesAsText("field");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply call(String method, String path, Object body, String token) {
        return call(method, path, body, token, Map.of());
    }

    public Reply call(String method, String path, Object body, String token, Map<String, String> extraHeaders) {
        return callFrom("127.0.0.1", method, path, body, token, extraHeaders);
    }

    public Reply callFrom(
            String sourceIp, String method, String path, Object body, String token, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        APIGatewayV2HTTPResponse response = http.sendFrom(sourceIp, method, path, toJson(body), headers);
        Map<String, String> responseHeaders = new HashMap<>();
        if (response.getHeaders() != null) {
            responseHeaders.putAll(response.getHeaders());
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, v) -> responseHeaders.putIfAbsent(k, String.join(",", v)));
        }
        return new Reply(response.getStatusCode(), responseHeaders, response.getBody(), parse(response.getBody()));
    }

    public Reply get(String path, String token) {
        return call("GET", path, null, token);
    }

    public Reply post(String path, Object body) {
        return call("POST", path, body, null);
    }

    public Reply post(String path, Object body, String token) {
        return call("POST", path, body, token);
    }

    public static String toJson(Object body) {
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
