package com.focusapi.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pages the links of the account emails open, served by the local API at the links' own paths (in AWS
 * the client app serves them: see README, "Email links"). {@code GET /verify-email?token=…} verifies at once;
 * {@code GET /reset-password?token=…} shows a form for the new password, which posts to
 * {@code POST /reset-password}. Both call the auth function's routes through the gateway, over HTTP, as a
 * client app would.
 */
final class EmailLinkPages {
    static final String VERIFY = "/verify-email";
    static final String RESET = "/reset-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A page: its status and HTML. */
    record Page(int status, String html) {}

    EmailLinkPages(int port) {
        this.base = "http://localhost:" + port;
    }

    static boolean serves(String method, String path) {
        return (path.equals(VERIFY) && method.equals("GET"))
                || (path.equals(RESET) && (method.equals("GET") || method.equals("POST")));
    }

    Page answer(String method, String path, String rawQuery, byte[] body) {
        Map<String, String> query = form(rawQuery);
        try {
            if (path.equals(VERIFY)) {
                return result(
                        "Email verification",
                        call("/api/auth/verify-email", Map.of("token", query.getOrDefault("token", ""))),
                        "Your email address is verified. You can log in now (POST /api/auth/login).");
            }
            if (method.equals("GET")) {
                return new Page(
                        200,
                        page(
                                "Choose a new password",
                                "<form method=\"post\" action=\"" + RESET + "\">"
                                        + "<input type=\"hidden\" name=\"token\" value=\""
                                        + escape(query.getOrDefault("token", "")) + "\">"
                                        + "<label>New password <input type=\"password\" name=\"new_password\" autocomplete=\"new-password\" required></label>"
                                        + "<p><small>At least 8 characters, with a digit, an upper-case and a lower-case letter.</small></p>"
                                        + "<button type=\"submit\">Set the new password</button></form>"));
            }
            Map<String, String> fields = form(new String(body, StandardCharsets.UTF_8));
            Map<String, String> request = new LinkedHashMap<>();
            request.put("token", fields.getOrDefault("token", ""));
            request.put("new_password", fields.getOrDefault("new_password", ""));
            return result(
                    "Password reset",
                    call("/api/auth/reset-password", request),
                    "Your password is changed. Log in with the new one (POST /api/auth/login).");
        } catch (IOException e) {
            return new Page(
                    502,
                    page(
                            "Not available",
                            "<p>The auth function could not be reached: " + escape(e.toString()) + "</p>"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Page(503, page("Not available", "<p>Interrupted.</p>"));
        }
    }

    private HttpResponse<String> call(String path, Map<String, String> body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Page result(String title, HttpResponse<String> response, String success) {
        if (response.statusCode() / 100 == 2) {
            return new Page(200, page(title, "<p>" + escape(success) + "</p>"));
        }
        StringBuilder why = new StringBuilder();
        try {
            JsonNode problem = JSON.readTree(response.body());
            why.append("<p>")
                    .append(escape(
                            problem.path("detail").asText(problem.path("title").asText(""))))
                    .append("</p>");
            for (JsonNode error : problem.path("errors")) {
                why.append("<p>")
                        .append(escape(error.path("field").asText()))
                        .append(": ")
                        .append(escape(error.path("message").asText()))
                        .append("</p>");
            }
        } catch (IOException notJson) {
            why.append("<p>").append(escape(response.body())).append("</p>");
        }
        return new Page(response.statusCode(), page(title + " failed", why.toString()));
    }

    private static String page(String title, String content) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " · Focus API (local)</title></head><body><h1>" + escape(title) + "</h1>" + content
                + "</body></html>\n";
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            try {
                values.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException malformed) {
                // left out: the route then says the value is missing
            }
        }
        return values;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
