package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API as a newcomer meets it: status lines, bad URLs, bad command lines, a data folder in use. */
class NewcomerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The raw answer (status line, headers, body) to one raw request. */
    private static List<String> raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
            return lines;
        }
    }

    @Test
    void statusLinesCarryTheirReasonPhrase() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(0, Executors.newCachedThreadPool(), exchange -> {
            int status = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        })) {
            server.start();
            for (Map.Entry<Integer, String> expected : Map.of(
                            200,
                            "200 OK",
                            404,
                            "404 Not Found",
                            422,
                            "422 Unprocessable Entity",
                            429,
                            "429 Too Many Requests",
                            503,
                            "503 Service Unavailable")
                    .entrySet()) {
                List<String> answer = raw(
                        server.port(),
                        "GET /" + expected.getKey() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(answer.get(0)).isEqualTo("HTTP/1.1 " + expected.getValue());
                assertThat(answer.get(answer.size() - 1)).isEqualTo("{}");
            }
            // Keep-alive: two requests on one connection.
            List<String> two = raw(
                    server.port(),
                    "GET /201 HTTP/1.1\r\nHost: x\r\n\r\nGET /202 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(String.join("\n", two)).contains("HTTP/1.1 201 Created").contains("HTTP/1.1 202 Accepted");
        }
    }

    @Test
    void aMalformedUrlIsAProblemNotAnHtmlPage() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(0, Executors.newCachedThreadPool(), exchange -> {
            throw new AssertionError("never reaches a handler");
        })) {
            server.start();
            List<String> answer = raw(server.port(), "GET /api/health?x=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(answer.get(0)).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(answer).contains("Content-Type: application/problem+json");
            String body = answer.get(answer.size() - 1);
            assertThat(JSON.readTree(body).get("status").asInt()).isEqualTo(400);
            assertThat(body).doesNotContain("Exception").contains("hexadecimal");
        }
    }

    /**
     * Bodies over API Gateway's 10 MB are refused before they are read (a client announcing 20 MB sends
     * nothing more and still gets its answer); an unreadable length or a NUL in a header is a 400.
     */
    @Test
    void aBodyOverApiGatewaysLimitIs413BeforeItIsRead() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(0, Executors.newCachedThreadPool(), exchange -> {
            throw new AssertionError("never reaches a handler");
        })) {
            server.start();
            long over = LocalHttpServer.MAX_BODY_BYTES + 1;
            for (String request : new String[] {
                "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: " + over + "\r\n\r\n",
                "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Long.toHexString(over) + "\r\n",
            }) {
                List<String> answer = raw(server.port(), request);
                assertThat(answer.get(0)).isEqualTo("HTTP/1.1 413 Content Too Large");
                assertThat(answer).contains("Content-Type: application/problem+json");
                var problem = JSON.readTree(answer.get(answer.size() - 1));
                assertThat(problem.get("status").asInt()).isEqualTo(413);
                assertThat(problem.get("type").asText()).endsWith("/payload-too-large");
                assertThat(problem.get("detail").asText()).contains(String.valueOf(LocalHttpServer.MAX_BODY_BYTES));
            }
            for (String request : new String[] {
                "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n",
                "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\n\r\n",
            }) {
                List<String> answer = raw(server.port(), request);
                assertThat(answer.get(0)).as(request).isEqualTo("HTTP/1.1 400 Bad Request");
                assertThat(answer).contains("Content-Type: application/problem+json");
            }
        }
    }

    @Test
    void requestsNoRouteMatchesAreCountedAsUnmatched() throws Exception {
        try (HttpGateway gateway = new HttpGateway(0, new RouteTable(List.of()), Map.of(), "/metrics", () -> "")) {
            gateway.start();
            raw(gateway.port(), "GET /wp-admin/setup.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            raw(gateway.port(), "GET /.env HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            raw(gateway.port(), "BREW /api/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String text = gateway.unmatchedMetrics();
            assertThat(text)
                    .contains(
                            "focus_api_http_requests_total{endpoint=\"unmatched\",function=\"gateway\",method=\"GET\",status=\"404\"} 2")
                    .contains(
                            "focus_api_http_errors_total{endpoint=\"unmatched\",error_type=\"not_found\",function=\"gateway\",method=\"OTHER\"} 1")
                    .doesNotContain("wp-admin")
                    .doesNotContain(".env");
            assertThat(PrometheusText.merge(List.of(text))).contains("# TYPE focus_api_http_requests_total counter");
        }
    }

    /** Runs the command line in this JVM; its exit code and what it printed on stderr. */
    private static Map.Entry<Integer, String> command(Map<String, String> env, String... args) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = LocalApi.execute(args, env);
            return Map.entry(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private static void assertUsageError(Map.Entry<Integer, String> result, String says) {
        assertThat(result.getKey()).as(result.getValue()).isEqualTo(2);
        assertThat(result.getValue().lines().findFirst().orElse(""))
                .startsWith("error: ")
                .contains(says);
        assertThat(result.getValue()).contains("usage", "run ", "invoke ").doesNotContain("Exception", "\tat ");
    }

    @Test
    void badCommandLinesPrintOneLineAndTheUsage(@TempDir Path data) throws Exception {
        String dir = data.toString();
        assertUsageError(command(Map.of(), "run", "--port", "abc", "--data-dir", dir), "'abc'");
        assertUsageError(command(Map.of("PORT", "80x"), "run", "--data-dir", dir), "PORT");
        assertUsageError(command(Map.of(), "run", "--verbose", "--data-dir", dir), "--verbose");
        assertUsageError(command(Map.of(), "run", "--port"), "--port needs a value");
        assertUsageError(command(Map.of(), "jump"), "jump");
        assertUsageError(
                command(
                        Map.of(),
                        "invoke",
                        "NoSuchFunction",
                        "--event",
                        "../events/health.json",
                        "--template",
                        "../template.yaml",
                        "--data-dir",
                        dir),
                "NoSuchFunction");
        try (ServerSocket taken = new ServerSocket(0)) {
            assertUsageError(
                    command(
                            Map.of(),
                            "run",
                            "--port",
                            String.valueOf(taken.getLocalPort()),
                            "--template",
                            "../template.yaml",
                            "--data-dir",
                            dir),
                    "already in use");
            // Said before PostgreSQL and Redis start: nothing of theirs in the data folder.
            assertThat(data.resolve("postgres")).doesNotExist();
        }
    }

    @Test
    void aDataFolderInUseIsNeitherWipedNorShared(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("keep.txt"), "data");
        try (DataLock held = DataLock.acquire(data)) {
            Map.Entry<Integer, String> reset = command(Map.of(), "reset", "--data-dir", data.toString());
            assertThat(reset.getKey()).isEqualTo(1);
            assertThat(reset.getValue().lines().toList()).hasSize(1);
            assertThat(reset.getValue())
                    .contains("in use by process " + ProcessHandle.current().pid(), "--data-dir")
                    .doesNotContain("Exception");
            assertThat(data.resolve("keep.txt")).exists();
            Map.Entry<Integer, String> invoke = command(
                    Map.of(),
                    "invoke",
                    "HealthFunction",
                    "--event",
                    "../events/health.json",
                    "--template",
                    "../template.yaml",
                    "--data-dir",
                    data.toString());
            assertThat(invoke.getKey()).isEqualTo(1);
            assertThat(invoke.getValue()).contains("in use");
        }
        assertThat(command(Map.of(), "reset", "--data-dir", data.toString()).getKey())
                .isZero();
        assertThat(data.resolve("keep.txt")).doesNotExist();
    }

    @Test
    void theBannerDoesNotAdvertiseMetricsThatAreOff() {
        assertThat(LocalApi.metricsLine("http://localhost:8000", "/metrics", Map.of()))
                .isEqualTo("http://localhost:8000/metrics");
        assertThat(LocalApi.metricsLine("http://localhost:8000", "/metrics", Map.of("METRICS_ENABLED", "false")))
                .startsWith("disabled")
                .doesNotContain("http://");
    }

    @Test
    void authPutsTheTokenInTheEvent() throws Exception {
        String event = LocalApi.withAuthorization(Files.readString(Path.of("../events/users-me.json")), "abc.def");
        assertThat(JSON.readTree(event).get("headers").get("authorization").asText())
                .isEqualTo("Bearer abc.def");
        assertThat(LocalApi.withAuthorization("{}", "Bearer xyz")).contains("\"authorization\":\"Bearer xyz\"");
    }

    @Test
    void setPutsAFieldInTheBody() throws Exception {
        String event = LocalApi.withBodyFields(
                Files.readString(Path.of("../events/auth-verify-email.json")), Map.of("token", "t0k3n"));
        assertThat(JSON.readTree(JSON.readTree(event).get("body").asText())
                        .get("token")
                        .asText())
                .isEqualTo("t0k3n");
        String minutes = LocalApi.withBodyFields(
                Files.readString(Path.of("../events/activities-create.json")),
                Map.of("duration_minutes", "45", "app_name", "\"123\"", "app_category", "games"));
        var body = JSON.readTree(JSON.readTree(minutes).get("body").asText());
        assertThat(body.get("duration_minutes").isInt()).isTrue();
        assertThat(body.get("app_name").asText()).isEqualTo("123");
        assertThat(body.get("app_name").isTextual()).isTrue();
        assertThat(body.get("app_category").asText()).isEqualTo("games");
    }
}
