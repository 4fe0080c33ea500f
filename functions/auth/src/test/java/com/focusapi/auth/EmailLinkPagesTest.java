package com.focusapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.focusapi.shared.testing.AuthTestApp;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.LambdaHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EMAIL_PUBLIC_URL unset, as a stack deployed without PublicUrl runs: the links of the emails point at the
 * origin API Gateway received the request on, and the function itself serves the pages they open. Real
 * PostgreSQL, SES emulated, the events shaped as API Gateway's (payload 2.0, {@code requestContext.domainName}).
 */
class EmailLinkPagesTest {
    private static final String API = "abc123.execute-api.eu-west-1.amazonaws.com";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static AuthTestApp app;

    @BeforeAll
    static void start() {
        // Blank is unset, as EMAIL_PUBLIC_URL= in an environment would be.
        app = new AuthTestApp(Map.of("email.public-url", ""));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void linksPointAtTheDomainTheRequestReachedNotAtTheHostHeader() {
        String email = register(Map.of("host", "attacker.example"));
        String body = lastEmailTo(email);
        assertThat(body).contains("https://" + API + "/verify-email?token=").doesNotContain("attacker.example");
    }

    @Test
    void theLocalApiGetsHttpLinksToItsOwnPort() {
        APIGatewayV2HTTPEvent event =
                jsonEvent("POST", "/api/auth/forgot-password", Map.of("email", register(Map.of())));
        event.getRequestContext().setDomainName("localhost:8123");
        event.getHeaders().put("x-forwarded-proto", "http");
        assertThat(send(event).getStatusCode()).isEqualTo(202);
        assertThat(lastEmailTo(emailOf(event))).contains("http://localhost:8123/reset-password?token=");
    }

    @Test
    void theOriginKeepsANamedStageAndRefusesWhatIsNotAHost() {
        APIGatewayV2HTTPEvent staged = LambdaHttp.event("POST", "/prod/api/auth/register", "{}", Map.of());
        staged.getRequestContext().setDomainName(API);
        staged.getRequestContext().setStage("prod");
        assertThat(EmailLinkBase.originOf(staged)).contains("https://" + API + "/prod");

        APIGatewayV2HTTPEvent spoofedProto =
                LambdaHttp.event("POST", "/api/auth/register", "{}", Map.of("x-forwarded-proto", "http, https"));
        spoofedProto.getRequestContext().setDomainName(API);
        assertThat(EmailLinkBase.originOf(spoofedProto)).contains("https://" + API);

        APIGatewayV2HTTPEvent odd = LambdaHttp.event("POST", "/api/auth/register", "{}", Map.of());
        odd.getRequestContext().setDomainName("evil.example/phish?x=");
        assertThat(EmailLinkBase.originOf(odd)).isEmpty();
    }

    @Test
    void theVerificationLinkVerifiesOnceAndSaysSoInHtml() {
        String email = register(Map.of());
        String link = linkPath(lastEmailTo(email), "/verify-email");

        APIGatewayV2HTTPResponse verified = send(pageEvent("GET", link, null, null));
        assertThat(verified.getStatusCode()).as(verified.getBody()).isEqualTo(200);
        assertPage(verified);
        assertThat(verified.getBody()).contains("verified");
        assertThat(app.scalar("SELECT count(*) FROM users WHERE is_verified AND email = '" + email + "'"))
                .isEqualTo(1);

        APIGatewayV2HTTPResponse again = send(pageEvent("GET", link, null, null));
        assertThat(again.getStatusCode()).isEqualTo(400);
        assertPage(again);
        assertThat(again.getBody()).contains("token: is invalid or expired");

        // An API client that asks for JSON gets the problem of POST /api/auth/verify-email.
        APIGatewayV2HTTPResponse json = send(pageEvent("GET", link, null, Map.of("accept", "application/json")));
        assertThat(json.getStatusCode()).isEqualTo(400);
        assertThat(header(json, "Content-Type")).startsWith("application/problem+json");
        assertThat(JsonApi.parse(json.getBody()).path("errors").findValuesAsText("field"))
                .containsExactly("token");
    }

    @Test
    void aLinkWithoutTokenIsABadRequest() {
        APIGatewayV2HTTPResponse missing = send(pageEvent("GET", "/verify-email", null, null));
        assertThat(missing.getStatusCode()).isEqualTo(400);
        assertPage(missing);
        assertThat(missing.getBody()).contains("token");
        assertThat(send(pageEvent("GET", "/reset-password?token=", null, null)).getStatusCode())
                .isEqualTo(400);
    }

    @Test
    void theResetLinkOpensAFormThatSetsTheNewPasswordOnce() {
        String email = register(Map.of());
        send(jsonEvent("POST", "/api/auth/forgot-password", Map.of("email", email)));
        String link = linkPath(lastEmailTo(email), "/reset-password");
        String token = link.substring(link.indexOf("token=") + "token=".length());

        APIGatewayV2HTTPResponse form = send(pageEvent("GET", link, null, null));
        assertThat(form.getStatusCode()).isEqualTo(200);
        assertPage(form);
        assertThat(form.getBody())
                .contains(
                        "<form method=\"post\" action=\"reset-password\">",
                        "name=\"token\" value=\"" + token + "\"",
                        "name=\"new_password\"");
        // Opening the form spends nothing: the link still works after a mail scanner has opened it.
        assertThat(send(pageEvent("GET", link, null, null)).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse weak = send(pageEvent("POST", "/reset-password", formBody(token, "short"), null));
        assertThat(weak.getStatusCode()).isEqualTo(400);
        assertPage(weak);
        assertThat(weak.getBody()).contains("new_password");

        APIGatewayV2HTTPResponse reset = send(pageEvent("POST", "/reset-password", formBody(token, "Better456"), null));
        assertThat(reset.getStatusCode()).as(reset.getBody()).isEqualTo(200);
        assertPage(reset);
        assertThat(app.api
                        .post("/api/auth/login", Map.of("email", email, "password", "Better456"))
                        .status())
                .isEqualTo(200);

        APIGatewayV2HTTPResponse spent =
                send(pageEvent("POST", "/reset-password", formBody(token, "Another789"), null));
        assertThat(spent.getStatusCode()).isEqualTo(400);
        assertThat(spent.getBody()).contains("token: is invalid or expired");
    }

    @Test
    void whatTheLinkCarriesIsEscapedAndJsonIsNotAForm() {
        String hostile = "\"><script>alert(1)</script>";
        APIGatewayV2HTTPResponse form = send(pageEvent(
                "GET", "/reset-password?token=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8), null, null));
        assertThat(form.getStatusCode()).isEqualTo(200);
        assertThat(form.getBody()).doesNotContain("<script>").contains("&quot;&gt;&lt;script&gt;");

        APIGatewayV2HTTPEvent json = jsonEvent("POST", "/reset-password", Map.of("token", "x", "new_password", "y"));
        APIGatewayV2HTTPResponse refused = send(json);
        assertThat(refused.getStatusCode()).isEqualTo(415);
        assertThat(header(refused, "Content-Type")).startsWith("application/problem+json");
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static void assertPage(APIGatewayV2HTTPResponse response) {
        assertThat(header(response, "Content-Type")).startsWith("text/html");
        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(response, "Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(header(response, "Referrer-Policy")).isEqualTo("no-referrer");
        // Self-contained: nothing to fetch from anywhere.
        assertThat(response.getBody()).doesNotContain("src=", "href=", "<script", "@import");
    }

    /** Registers a fresh account through API Gateway's domain; returns its email. */
    private static String register(Map<String, String> headers) {
        String name = "pages" + SEQ.incrementAndGet();
        APIGatewayV2HTTPEvent event = jsonEvent(
                "POST",
                "/api/auth/register",
                Map.of("email", name + "@example.com", "username", name, "password", "Secret123"));
        event.getHeaders().putAll(headers);
        APIGatewayV2HTTPResponse response = send(event);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        return name + "@example.com";
    }

    private static APIGatewayV2HTTPEvent jsonEvent(String method, String path, Map<String, String> body) {
        APIGatewayV2HTTPEvent event = LambdaHttp.event(method, path, JsonApi.toJson(body), new HashMap<>());
        event.getRequestContext().setDomainName(API);
        event.getHeaders().put("x-forwarded-proto", "https");
        return event;
    }

    /** A browser's request: accepts HTML, posts forms. The query is decoded as API Gateway decodes it. */
    private static APIGatewayV2HTTPEvent pageEvent(
            String method, String pathAndQuery, String form, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>();
        all.put("accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        if (form != null) {
            all.put("content-type", "application/x-www-form-urlencoded");
        }
        if (headers != null) {
            all.putAll(headers);
        }
        APIGatewayV2HTTPEvent event = LambdaHttp.event(method, pathAndQuery, form, all);
        if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters()
                    .replaceAll((name, value) -> java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        event.getRequestContext().setDomainName(API);
        return event;
    }

    private static String formBody(String token, String password) {
        return "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&new_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    private static APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        return app.handler.handleRequest(event, new LambdaHttp.TestContext());
    }

    private static String lastEmailTo(String email) {
        var sent = app.aws.sentTo(email);
        assertThat(sent).as("emails to " + email).isNotEmpty();
        return sent.get(sent.size() - 1).body();
    }

    private static String emailOf(APIGatewayV2HTTPEvent event) {
        return JsonApi.parse(event.getBody()).path("email").asText();
    }

    /** {@code /verify-email?token=…} of the link to {@code path} in an email's text. */
    private static String linkPath(String body, String path) {
        int start = body.indexOf(path + "?token=");
        assertThat(start).as("a link to " + path + " in " + body).isNotNegative();
        int end = start;
        while (end < body.length() && !Character.isWhitespace(body.charAt(end))) {
            end++;
        }
        return body.substring(start, end);
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() != null) {
            for (Map.Entry<String, String> e : response.getHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> e :
                    response.getMultiValueHeaders().entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", e.getValue());
                }
            }
        }
        return "";
    }
}
