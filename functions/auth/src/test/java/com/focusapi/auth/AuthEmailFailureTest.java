package com.focusapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testing.AuthTestApp;
import com.focusapi.testsupport.FreePorts;
import com.focusapi.testsupport.JsonApi.Reply;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SES unreachable: the account is still created (the email is not part of the transaction, and
 * resend-verification exists), the failure is counted as {@code status="failure"}, and nothing leaks.
 */
class AuthEmailFailureTest {
    private static AuthTestApp app;

    @BeforeAll
    static void start() {
        app = new AuthTestApp(Map.of("email.ses-endpoint", "http://127.0.0.1:" + FreePorts.find()));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void registrationSucceedsAndTheFailedEmailIsCounted() {
        Reply registered = app.api.post(
                "/api/auth/register",
                Map.of("email", "nomail@example.com", "username", "nomail", "password", "Secret123"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Reply resend = app.api.post("/api/auth/resend-verification", Map.of("email", "nomail@example.com"));
        assertThat(resend.status()).isEqualTo(202);
        String text = app.handler
                .getApplicationContext()
                .getBean(PrometheusMeterRegistry.class)
                .scrape();
        assertThat(text.lines()
                        .filter(l -> l.startsWith("focus_api_emails_sent_total{")
                                && l.contains("status=\"failure\"")
                                && l.contains("type=\"verification\""))
                        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                        .sum())
                .isEqualTo(2);
        assertThat(text).doesNotContain("status=\"success\",type=\"verification\"} 1");
    }
}
