package com.focusapi.shared.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.config.EmailSettings;
import com.focusapi.shared.email.internal.ConsoleEmailSender;
import com.focusapi.shared.email.internal.SesEmailSender;
import com.focusapi.testsupport.FreePorts;
import com.focusapi.testsupport.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** SES v2 against moto, the console sender, and the service that never lets a failure escape. */
class EmailSendersTest {
    private static MotoServer moto;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        try (SesV2Client ses = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(moto.endpoint())).build()) {
            ses.createEmailIdentity(r -> r.emailIdentity("no-reply@focus-api.dev"));
        }
    }

    @AfterAll
    static void stop() {
        moto.close();
    }

    @Test
    void sesSenderDeliversToTheEmulator() throws Exception {
        EmailSettings settings = new EmailSettings();
        settings.setSesEndpoint(moto.endpoint());
        EmailService service = new EmailService(new SesEmailSender(settings));
        boolean sent = service.send(new EmailMessage(EmailMessage.Type.VERIFICATION, "alice@example.com",
                "Verify", "Open http://localhost/verify-email?token=abc123"));
        assertThat(sent).isTrue();
        JsonNode data = new ObjectMapper().readTree(moto.dataJson());
        assertThat(data.findValues("Message").toString()).contains("alice@example.com").contains("token=abc123");
    }

    @Test
    void unreachableSesIsAFailureNotAnException() {
        EmailSettings settings = new EmailSettings();
        settings.setSesEndpoint("http://127.0.0.1:" + FreePorts.find());
        EmailService service = new EmailService(new SesEmailSender(settings));
        assertThat(service.send(new EmailMessage(EmailMessage.Type.PASSWORD_RESET, "bob@example.com", "Reset", "link"))).isFalse();
    }

    @Test
    void consoleRenderingCarriesTheLink() {
        String text = ConsoleEmailSender.render(new EmailMessage(EmailMessage.Type.VERIFICATION, "carol@example.com",
                "Verify", "Open http://localhost:8000/verify-email?token=xyz"));
        assertThat(text).contains("carol@example.com").contains("token=xyz").contains("verification");
    }
}
