package com.focusapi.shared.email.internal;

import com.focusapi.shared.email.EmailSettings;
import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailSender;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

import java.net.URI;

/**
 * {@code EMAIL_SENDER=ses}: Amazon SES v2 {@code SendEmail}. Region and credentials come from the Lambda
 * environment (the SDK's default chains); {@code EMAIL_SES_ENDPOINT} points it at an emulator in tests.
 * The client is built once per execution environment, on first use, so a cold start that sends no email
 * does not pay for it.
 */
@Singleton
@Requires(property = "email.sender", value = "ses")
public class SesEmailSender implements EmailSender {
    private final EmailSettings settings;
    private volatile SesV2Client client;

    public SesEmailSender(EmailSettings settings) {
        this.settings = settings;
    }

    @Override
    public void send(EmailMessage message) {
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(settings.getFrom())
                .destination(d -> d.toAddresses(message.to()))
                .content(c -> c.simple(s -> s
                        .subject(t -> t.data(message.subject()).charset("UTF-8"))
                        .body(b -> b.text(t -> t.data(message.body()).charset("UTF-8")))))
                .build();
        client().sendEmail(request);
    }

    private SesV2Client client() {
        SesV2Client current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    SesV2ClientBuilder builder = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create());
                    if (settings.getSesEndpoint() != null && !settings.getSesEndpoint().isBlank()) {
                        builder.endpointOverride(URI.create(settings.getSesEndpoint()));
                    }
                    client = builder.build();
                }
                current = client;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
