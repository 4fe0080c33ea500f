package com.focusapi.shared.email.internal;

import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailSender;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.PrintStream;

/**
 * {@code EMAIL_SENDER=console} (the default): prints each email, link included, to standard output, so the
 * local API can be used end to end without an email service.
 */
@Singleton
@Requires(property = "email.sender", notEquals = "ses")
public class ConsoleEmailSender implements EmailSender {
    private final PrintStream out;

    public ConsoleEmailSender() {
        this(System.out);
    }

    ConsoleEmailSender(PrintStream out) {
        this.out = out;
    }

    @Override
    public void send(EmailMessage message) {
        out.println(render(message));
        out.flush();
    }

    public static String render(EmailMessage message) {
        return "----- email (" + message.type().label() + ") -----\n"
                + "To: " + message.to() + "\n"
                + "Subject: " + message.subject() + "\n\n"
                + message.body() + "\n"
                + "-----------------------------";
    }
}
