package com.focusapi.auth;

import com.focusapi.shared.email.EmailMessage;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The texts of the account emails, each with its link: to the client (EMAIL_PUBLIC_URL), or to this API's own
 * pages when it is unset ({@link EmailLinkBase}).
 */
@Singleton
public class AccountEmails {
    private final EmailLinkBase linkBase;

    public AccountEmails(EmailLinkBase linkBase) {
        this.linkBase = linkBase;
    }

    public EmailMessage verification(String to, String username, String token) {
        return new EmailMessage(
                EmailMessage.Type.VERIFICATION,
                to,
                "Verify your Focus account",
                "Hello " + username + ",\n\nConfirm your email address by opening this link (valid 24 hours):\n"
                        + link("/verify-email", token) + "\n\nIf you did not create an account, ignore this email.");
    }

    public EmailMessage passwordReset(String to, String username, String token) {
        return new EmailMessage(
                EmailMessage.Type.PASSWORD_RESET,
                to,
                "Reset your Focus password",
                "Hello " + username + ",\n\nChoose a new password by opening this link (valid 1 hour):\n"
                        + link("/reset-password", token) + "\n\nIf you did not ask for this, ignore this email.");
    }

    private String link(String path, String token) {
        return linkBase.current() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
