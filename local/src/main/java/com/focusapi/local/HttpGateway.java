package com.focusapi.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The HTTP side of the local API, playing API Gateway (HTTP API): each request becomes a payload 2.0 event
 * for the function its route belongs to, and the function's response becomes the HTTP answer.
 */
public final class HttpGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final LocalHttpServer server;
    private final ExecutorService executor;
    private final RouteTable routes;
    private final Map<String, FunctionHost> hosts;
    private final String metricsEndpoint;
    private final Supplier<String> metrics;
    private final ApiDocs docs;
    private final java.util.concurrent.ConcurrentMap<String, LongAdder> unmatched =
            new java.util.concurrent.ConcurrentHashMap<>();

    public HttpGateway(
            int port,
            RouteTable routes,
            Map<String, FunctionHost> hosts,
            String metricsEndpoint,
            Supplier<String> metrics)
            throws IOException {
        this.routes = routes;
        this.hosts = hosts;
        this.metricsEndpoint = metricsEndpoint;
        this.metrics = metrics;
        this.docs = new ApiDocs(
                hosts.values().stream().map(FunctionHost::definition).toList());
        // One thread per open connection (keep-alive), so a cached pool rather than a fixed one.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "local-api");
            thread.setDaemon(true);
            return thread;
        });
        this.server = new LocalHttpServer(port, executor, this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(metricsEndpoint) && method.equals("GET")) {
                send(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.get().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (method.equals("GET") && docs.serves(path)) {
                docs.serve(exchange, path);
                return;
            }
            var match = routes.match(method, path);
            if (match.isEmpty()) {
                Set<String> allowed = routes.methodsAt(path);
                if (allowed.isEmpty()) {
                    problem(exchange, 404, "Not Found", "No route for " + method + " " + path);
                } else {
                    exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
                    problem(exchange, 405, "Method Not Allowed", method + " is not allowed on " + path);
                }
                unmatched
                        .computeIfAbsent(label(method) + ' ' + (allowed.isEmpty() ? 404 : 405), k -> new LongAdder())
                        .increment();
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            String event = JSON.writeValueAsString(event(exchange, match.get(), body));
            long started = System.nanoTime();
            String response;
            try {
                response = hosts.get(match.get().function().logicalId()).invoke(event);
            } catch (Exception e) {
                System.err.println("Function " + match.get().function().logicalId() + " failed: " + e);
                problem(
                        exchange,
                        502,
                        "Bad Gateway",
                        "The function failed: " + e.getClass().getSimpleName());
                return;
            }
            int status = reply(exchange, JSON.readTree(response));
            System.out.printf(
                    "%s %s -> %s %d (%.1f ms)%n",
                    method,
                    exchange.getRequestURI(),
                    match.get().function().logicalId(),
                    status,
                    (System.nanoTime() - started) / 1e6);
        } catch (RuntimeException e) {
            System.err.println("Local API error: " + e);
            problem(
                    exchange,
                    500,
                    "Internal Server Error",
                    "The local API failed: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The requests no route matched, which no function sees: counted here under {@code endpoint="unmatched"}
     * and {@code function="gateway"} with the names of the functions' HTTP metrics, so that the local
     * {@code /metrics} counts them as the operations guide says. (In AWS, API Gateway answers them itself.)
     */
    String unmatchedMetrics() {
        StringBuilder text = new StringBuilder();
        if (unmatched.isEmpty()) {
            return "";
        }
        text.append(
                        "# HELP focus_api_http_requests_total HTTP requests answered, by method, route template and status\n")
                .append("# TYPE focus_api_http_requests_total counter\n");
        unmatched.forEach((key, count) -> text.append(
                        "focus_api_http_requests_total{endpoint=\"unmatched\",function=\"gateway\",method=\"")
                .append(key, 0, key.indexOf(' '))
                .append("\",status=\"")
                .append(key.substring(key.indexOf(' ') + 1))
                .append("\"} ")
                .append(count.sum())
                .append('\n'));
        text.append("# HELP focus_api_http_errors_total HTTP answers with a 4xx or 5xx status, by error type\n")
                .append("# TYPE focus_api_http_errors_total counter\n");
        unmatched.forEach(
                (key, count) -> text.append("focus_api_http_errors_total{endpoint=\"unmatched\",error_type=\"")
                        .append(key.endsWith("404") ? "not_found" : "method_not_allowed")
                        .append("\",function=\"gateway\",method=\"")
                        .append(key, 0, key.indexOf(' '))
                        .append("\"} ")
                        .append(count.sum())
                        .append('\n'));
        return text.toString();
    }

    /** The method label of the HTTP metrics: any verb a client invents counts as OTHER. */
    private static String label(String method) {
        return Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
                        .contains(method)
                ? method
                : "OTHER";
    }

    /** A payload 2.0 event, as API Gateway HTTP APIs build it. */
    static ObjectNode event(HttpExchange exchange, RouteTable.Match match, byte[] body) {
        ObjectNode event = JSON.createObjectNode();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);

        ObjectNode headers = event.putObject("headers");
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String value : header.getValue()) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
            } else if (!name.equals("x-forwarded-proto") && !name.equals("x-forwarded-port")) {
                headers.put(name, String.join(",", header.getValue()));
            }
        }
        // Set here, whatever the client sent, as API Gateway sets them: the auth function builds the links of
        // its emails from the scheme and requestContext.domainName (http on this local API, https in AWS).
        headers.put("x-forwarded-proto", "http");
        headers.put(
                "x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort()));
        if (!cookies.isEmpty()) {
            ArrayNode cookieArray = event.putArray("cookies");
            cookies.forEach(cookieArray::add);
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                parameters.merge(key, value, (a, b) -> a + "," + b);
            }
            ObjectNode query = event.putObject("queryStringParameters");
            parameters.forEach(query::put);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode pathParameters = event.putObject("pathParameters");
            match.pathParameters().forEach(pathParameters::put);
        }

        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        // API Gateway's domainName is the domain the request reached; here the Host the client wrote is all
        // there is (the auth function refuses one that is not a host[:port]).
        String host = exchange.getRequestHeaders().getFirst("Host");
        context.put("domainName", host == null ? "localhost" : host);
        context.put("domainPrefix", host == null ? "localhost" : host.split("[.:]")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", exchange.getRequestURI().getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
        http.put("userAgent", userAgent == null ? "" : userAgent);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", match.route().routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toInstant().toEpochMilli());

        if (body.length > 0) {
            if (isText(exchange.getRequestHeaders())) {
                event.put("body", new String(body, StandardCharsets.UTF_8));
                event.put("isBase64Encoded", false);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                event.put("isBase64Encoded", true);
            }
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static boolean isText(Headers headers) {
        String type = headers.getFirst("Content-Type");
        if (type == null) {
            return true;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("text/")
                || lower.contains("json")
                || lower.contains("xml")
                || lower.contains("x-www-form-urlencoded")
                || lower.contains("javascript");
    }

    /** Writes a payload 2.0 response (statusCode, headers, multiValueHeaders, cookies, body). */
    private static int reply(HttpExchange exchange, JsonNode response) throws IOException {
        int status = response.path("statusCode").asInt(200);
        Headers headers = exchange.getResponseHeaders();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            headers.set(header.getKey(), header.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        response.path("multiValueHeaders").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            List<String> values = new ArrayList<>();
            header.getValue().forEach(v -> values.add(v.asText()));
            headers.put(header.getKey(), values);
        }
        response.path("cookies").forEach(cookie -> headers.add("Set-Cookie", cookie.asText()));
        JsonNode bodyNode = response.get("body");
        byte[] body = bodyNode == null || bodyNode.isNull()
                ? new byte[0]
                : response.path("isBase64Encoded").asBoolean(false)
                        ? Base64.getDecoder().decode(bodyNode.asText())
                        : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        headers.remove("Content-Length");
        headers.remove("Transfer-Encoding");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        ObjectNode problem = JSON.createObjectNode();
        problem.put(
                "type",
                status == 404
                        ? "https://focus-api.dev/problems/not-found"
                        : status == 405 ? "https://focus-api.dev/problems/method-not-allowed" : "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequestURI().getRawPath());
        send(exchange, status, "application/problem+json", JSON.writeValueAsBytes(problem));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (InputStream ignored = exchange.getRequestBody()) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
    }
}
