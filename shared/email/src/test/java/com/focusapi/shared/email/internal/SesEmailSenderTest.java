package com.focusapi.shared.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailSettings;
import com.focusapi.testsupport.AwsEmulator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signed SendEmail call: what SES refuses surfaces as an exception with SES's own error, never the credentials. */
class SesEmailSenderTest {
    private static final EmailMessage MESSAGE = new EmailMessage(
            EmailMessage.Type.VERIFICATION,
            "dave@example.com",
            "Verify",
            "Open http://localhost/verify-email?token=t0k3n");
    private static AwsEmulator aws;

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start(); // also sets the fake credentials and region the default chains read
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private static SesEmailSender sender(String from, String endpoint) {
        EmailSettings settings = new EmailSettings();
        settings.setSender("ses");
        settings.setFrom(from);
        settings.setSesEndpoint(endpoint);
        return new SesEmailSender(settings);
    }

    @Test
    void unverifiedSenderIsSesMessageRejected() {
        SesEmailSender sender = sender("nobody-verified-me@focus-api.dev", aws.endpoint());
        try {
            assertThatThrownBy(() -> sender.send(MESSAGE))
                    .isInstanceOfSatisfying(SesEmailSender.SesException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.errorType()).isEqualTo("MessageRejected");
                    })
                    .hasMessageContaining("MessageRejected")
                    .hasMessageContaining("nobody-verified-me@focus-api.dev")
                    .hasMessageNotContaining(aws.secretKey() + "/");
            assertThat(aws.sentTo("dave@example.com")).isEmpty();
        } finally {
            sender.close();
        }
    }

    @Test
    void sesErrorJsonBecomesTheExceptionMessage() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            paths.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"message\":\"Sending paused for this account.\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders()
                    .add(
                            "x-amzn-ErrorType",
                            "SendingPausedException:http://internal.amazon.com/coral/com.amazonaws.sesv2/");
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        SesEmailSender sender = sender(
                "no-reply@focus-api.dev",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        try {
            assertThatThrownBy(() -> sender.send(MESSAGE))
                    .isInstanceOf(SesEmailSender.SesException.class)
                    .hasMessage(
                            "SES SendEmail failed with HTTP 400 SendingPausedException: Sending paused for this account.");
            assertThat(paths).containsExactly("POST /v2/email/outbound-emails");
            // SigV4 for SES in the chain's region, with the chain's access key.
            assertThat(authorizations.get(0))
                    .startsWith("AWS4-HMAC-SHA256 Credential=" + aws.accessKey() + "/")
                    .contains("/" + aws.region() + "/ses/aws4_request")
                    .contains("Signature=");
        } finally {
            sender.close();
            server.stop(0);
        }
    }

    @Test
    void errorTypeInTheBodyAndNonJsonAnswersAreReadToo() {
        assertThat(SesEmailSender.SesException.from(
                        404,
                        null,
                        "{\"__type\":\"com.amazonaws.sesv2#NotFoundException\",\"Message\":\"No such thing\"}"))
                .hasMessage("SES SendEmail failed with HTTP 404 NotFoundException: No such thing");
        assertThat(SesEmailSender.SesException.from(503, null, "<html>Service Unavailable</html>"))
                .hasMessage("SES SendEmail failed with HTTP 503 UnknownError: <html>Service Unavailable</html>");
    }
}
