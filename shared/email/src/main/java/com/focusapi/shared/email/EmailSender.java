package com.focusapi.shared.email;

/**
 * Delivers one email or throws. Two implementations, chosen by {@code EMAIL_SENDER}: {@code ses} (Amazon
 * SES v2) and {@code console} (the default: prints the email, link included, for the local API).
 * Callers go through {@link EmailService}, which counts outcomes and never lets a delivery failure break
 * the request that caused it.
 */
public interface EmailSender {
    void send(EmailMessage message) throws Exception;
}
