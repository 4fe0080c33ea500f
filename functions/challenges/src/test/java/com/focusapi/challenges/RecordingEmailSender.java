package com.focusapi.challenges;

import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailSender;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The sender of the suite's contexts: keeps every email handed to it (all contexts of the JVM share the list)
 * and takes a few milliseconds, as a real sender does, so that overlapping lifecycle runs really overlap.
 */
@Singleton
@Replaces(EmailSender.class)
public class RecordingEmailSender implements EmailSender {
    public static final Queue<EmailMessage> SENT = new ConcurrentLinkedQueue<>();

    @Override
    public void send(EmailMessage message) throws Exception {
        Thread.sleep(5);
        SENT.add(message);
    }
}
