package com.focusapi.benchmarks.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.focusapi.local.FunctionHost;
import com.focusapi.local.LocalRuntime;
import com.focusapi.local.SamTemplate;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions of {@code template.yaml}, each from its own {@code function.jar} in its own class loader, in
 * this JVM: the local API's {@link LocalRuntime} without its HTTP server. A call builds the payload 2.0 event
 * JSON API Gateway would send and hands it to the function's real handler, as Lambda's runtime does, so a
 * figure measured here is what a warm Lambda spends on the request (the runtime's network hop aside).
 */
public final class HostedFunctions implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNTER_LINE =
            Pattern.compile("(?m)^focus_api_db_queries_total\\{[^}]*\\} ([0-9.eE+-]+)$");

    private final LocalRuntime runtime;

    private HostedFunctions(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The template's functions over the embedded PostgreSQL (and Redis unless {@code CACHE_ENABLED=false} in
     * {@code env}) of {@code dataDirectory}, as {@code make run} would start them.
     */
    public static HostedFunctions start(Path root, Path dataDirectory, Map<String, String> env) throws Exception {
        SamTemplate template = SamTemplate.load(root.resolve("template.yaml"));
        return new HostedFunctions(LocalRuntime.prepare(template, dataDirectory, env));
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    /** One request through the function's handler; {@code pathAndQuery} may carry a query string. */
    public Response call(String logicalId, String method, String pathAndQuery, String body, String token)
            throws Exception {
        FunctionHost host = runtime.host(logicalId);
        return Response.of(host.invoke(event(method, pathAndQuery, body, token)));
    }

    /**
     * A request built once, to be sent many times: what a timing loop measures is then the function's share of
     * a call (Lambda's runtime reading the event, the handler, the response written), not this harness building
     * the event and reading the answer, which Lambda does not do inside the function.
     */
    public Prepared prepare(String logicalId, String method, String pathAndQuery, String body, String token)
            throws Exception {
        return new Prepared(runtime.host(logicalId), event(method, pathAndQuery, body, token));
    }

    /** See {@link #prepare}. */
    public record Prepared(FunctionHost host, String event) {
        /** The handler's raw answer, the payload 2.0 response JSON. */
        public String invoke() throws Exception {
            return host.invoke(event);
        }
    }

    /** The function's {@code focus_api_db_queries_total}, summed over its labels: the SQL it has run so far. */
    public double sqlStatements(String logicalId) throws Exception {
        Matcher m = COUNTER_LINE.matcher(runtime.host(logicalId).scrapePrometheus());
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    static String event(String method, String pathAndQuery, String body, String token) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", query);
        ObjectNode headers = event.putObject("headers");
        headers.put("accept", "application/json");
        headers.put("host", "bench.execute-api.eu-west-1.amazonaws.com");
        if (token != null) {
            headers.put("authorization", "Bearer " + token);
        }
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        if (!query.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "bench");
        context.put("domainName", "bench.execute-api.eu-west-1.amazonaws.com");
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", method + " " + path);
        context.put("stage", "$default");
        context.put("timeEpoch", System.currentTimeMillis());
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.10");
        http.put("userAgent", "focus-benchmarks");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** The handler's answer: status and body (text). */
    public record Response(int status, String body) {
        public static Response of(String responseJson) throws Exception {
            JsonNode response = JSON.readTree(responseJson);
            String body = response.path("body").asText("");
            if (response.path("isBase64Encoded").asBoolean(false)) {
                body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            }
            return new Response(response.path("statusCode").asInt(), body);
        }

        public JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        /** This response, or an exception naming the request when its status is not {@code expected}. */
        public Response expect(int expected, String request) {
            if (status != expected) {
                throw new IllegalStateException(request + " answered " + status + " (expected " + expected + "): "
                        + body.substring(0, Math.min(body.length(), 300)));
            }
            return this;
        }
    }
}
