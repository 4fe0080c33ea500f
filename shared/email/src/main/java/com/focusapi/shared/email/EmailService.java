package com.focusapi.shared.email;

import com.focusapi.shared.metrics.BusinessMetrics;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through the configured {@link EmailSender} and counts each outcome. A failure is logged and
 * reported as {@code false}: the account change that triggered the email is already committed, and the
 * user can ask again (resend-verification, forgot-password).
 */
@Singleton
public class EmailService {
    private static final Logger LOG = LoggerFactory.getLogger(EmailService.class);

    private final EmailSender sender;
    private final BusinessMetrics metrics;

    public EmailService(EmailSender sender, BusinessMetrics metrics) {
        this.sender = sender;
        this.metrics = metrics;
    }

    public boolean send(EmailMessage message) {
        boolean success;
        try {
            sender.send(message);
            success = true;
        } catch (Exception e) {
            LOG.warn("Email {} could not be sent: {}", message.type().label(), e.toString());
            success = false;
        }
        metrics.trackEmailSent(message.type().label(), success); // focus_api_emails_sent_total{type,status}
        return success;
    }
}
