package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links of the account emails, as a newcomer clicks them: with no EMAIL_PUBLIC_URL they point at the
 * address the request came in on (the local API's real port), and the auth function serves the pages at their
 * paths through the local API's routing, as in AWS (verify at once; a form for the new password).
 */
class EmailLinksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String url, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String json(Object value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    @Test
    void verificationAndResetLinksOpenPagesThatCompleteTheAction(@TempDir Path data) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new TeeStream(original, console), true, StandardCharsets.UTF_8));
        SamTemplate template = SamTemplate.load(Path.of("../template.yaml"));
        int port = LocalApi.freePort(0);
        String base = "http://localhost:" + port;
        try (LocalRuntime runtime = LocalRuntime.prepare(template, data, Map.of("CACHE_ENABLED", "false"))
                .serve(port, "/metrics", false)) {
            String email = "newcomer@example.com";
            HttpResponse<String> registered = send(
                    "POST",
                    base + "/api/auth/register",
                    "application/json",
                    json(Map.of("email", email, "username", "newcomer", "password", "Secret123")));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

            String verifyLink = link(console, base + "/verify-email?token=");
            HttpResponse<String> verified = send("GET", verifyLink, null, null);
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
            assertThat(verified.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(verified.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(verified.body()).contains("verified");
            assertThat(send("GET", verifyLink, null, null).statusCode()).isGreaterThanOrEqualTo(400);

            assertThat(send(
                                    "POST",
                                    base + "/api/auth/forgot-password",
                                    "application/json",
                                    json(Map.of("email", email)))
                            .statusCode())
                    .isLessThan(300);
            String resetLink = link(console, base + "/reset-password?token=");
            HttpResponse<String> form = send("GET", resetLink, null, null);
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body())
                    .contains("<form method=\"post\" action=\"reset-password\"", "name=\"new_password\"");
            String token = resetLink.substring(resetLink.indexOf("token=") + "token=".length());
            String decoded = java.net.URLDecoder.decode(token, StandardCharsets.UTF_8);
            HttpResponse<String> weak = send(
                    "POST",
                    base + "/reset-password",
                    "application/x-www-form-urlencoded",
                    "token=" + URLEncoder.encode(decoded, StandardCharsets.UTF_8) + "&new_password=short");
            assertThat(weak.statusCode()).isEqualTo(400);
            assertThat(weak.body()).contains("new_password");
            HttpResponse<String> reset = send(
                    "POST",
                    base + "/reset-password",
                    "application/x-www-form-urlencoded",
                    "token=" + URLEncoder.encode(decoded, StandardCharsets.UTF_8) + "&new_password="
                            + URLEncoder.encode("Better456", StandardCharsets.UTF_8));
            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
            HttpResponse<String> login = send(
                    "POST",
                    base + "/api/auth/login",
                    "application/json",
                    json(Map.of("email", email, "password", "Better456")));
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        } finally {
            System.setOut(original);
        }
    }

    /** The last link starting with {@code prefix} printed on the console. */
    private static String link(ByteArrayOutputStream console, String prefix) {
        Matcher matcher = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_%.~-]+")
                .matcher(console.toString(StandardCharsets.UTF_8));
        String last = null;
        while (matcher.find()) {
            last = matcher.group();
        }
        assertThat(last).as("a link " + prefix + "… on the console").isNotNull();
        return last;
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
