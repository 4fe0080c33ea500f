package com.focusapi.shared.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.email.internal.ConsoleEmailSender;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.testsupport.AwsEmulator;
import com.focusapi.testsupport.FreePorts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** SES v2 against the AWS emulator, the console sender, and the service that counts both outcomes and never lets a failure escape. */
class EmailSendersTest {
    private static AwsEmulator aws;

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start();
        try (SesV2Client ses = SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(aws.endpoint()))
                .build()) {
            ses.createEmailIdentity(r -> r.emailIdentity("no-reply@focus-api.dev"));
        }
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    /** The real beans (EmailService, SES sender, BusinessMetrics and its registry) as a function gets them. */
    private static ApplicationContext sesContext(String endpoint) {
        return ApplicationContext.run(
                Map.of("cache.enabled", false, "email.sender", "ses", "email.ses-endpoint", endpoint));
    }

    @Test
    void sesSenderDeliversToTheEmulator() throws Exception {
        try (ApplicationContext context = sesContext(aws.endpoint())) {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            EmailService service = context.getBean(EmailService.class);
            boolean sent = service.send(new EmailMessage(
                    EmailMessage.Type.VERIFICATION,
                    "alice@example.com",
                    "Verify",
                    "Open http://localhost/verify-email?token=abc123"));
            assertThat(sent).isTrue();
            assertThat(aws.sentTo("alice@example.com"))
                    .singleElement()
                    .satisfies(email -> assertThat(email.body()).contains("token=abc123"));
            assertThat(registry.get(MetricNames.EMAILS_SENT)
                            .tags("type", "verification", "status", "success")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void unreachableSesIsAFailureNotAnException() {
        try (ApplicationContext context = sesContext("http://127.0.0.1:" + FreePorts.find())) {
            EmailService service = context.getBean(EmailService.class);
            assertThat(service.send(
                            new EmailMessage(EmailMessage.Type.PASSWORD_RESET, "bob@example.com", "Reset", "link")))
                    .isFalse();
            // Failures are counted too, under their own status.
            assertThat(context.getBean(MeterRegistry.class)
                            .get(MetricNames.EMAILS_SENT)
                            .tags("type", "password_reset", "status", "failure")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void consoleRenderingCarriesTheLink() {
        String text = ConsoleEmailSender.render(new EmailMessage(
                EmailMessage.Type.VERIFICATION,
                "carol@example.com",
                "Verify",
                "Open http://localhost:8000/verify-email?token=xyz"));
        assertThat(text).contains("carol@example.com").contains("token=xyz").contains("verification");
    }
}
