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

    /**
     * To the owner of an address someone tried to register again (registration answers the same either way, so
     * the owner is the one told). No token: a way back in, not a key.
     */
    public EmailMessage registrationAttempt(String to, String username) {
        return new EmailMessage(
                EmailMessage.Type.REGISTRATION_ATTEMPT,
                to,
                "Someone tried to sign up with your address",
                "Hello " + username + ",\n\nSomeone (maybe you) tried to create a Focus account with this email "
                        + "address, which already has an account. Nothing was changed.\n\nIf it was you, log in "
                        + "with your password: " + linkBase.current() + "\nForgot it? Ask for a reset link with "
                        + "\"Forgot password\" in the app (it calls " + linkBase.current()
                        + "/api/auth/forgot-password).\n\nIf it was not you, ignore this email.");
    }

    private String link(String path, String token) {
        return linkBase.current() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
