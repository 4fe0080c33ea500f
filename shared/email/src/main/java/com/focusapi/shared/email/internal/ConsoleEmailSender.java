package com.focusapi.shared.email.internal;

import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailSender;
import com.focusapi.shared.email.EmailSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code EMAIL_SENDER=console} (the default): prints each email, link included, to standard output, so the
 * local API can be used end to end without an email service.
 *
 * <p>Those links carry live verification and password-reset tokens: whoever reads the output can take the
 * account. So (issue 12) it is refused at start-up in a stage ({@code STAGE}, which {@code template.yaml}
 * sets) other than {@code local} or {@code dev} unless {@code EMAIL_CONSOLE_ALLOWED=true} says it is chosen,
 * and in Lambda it always logs a WARN line at start-up saying where the tokens go. Created with the context
 * ({@link Context}), so a refused configuration fails the function's initialisation (with SnapStart, the
 * version's publication: the deployment), not its first email.
 */
@Context
@Singleton
@Requires(property = "email.sender", notEquals = "ses")
public class ConsoleEmailSender implements EmailSender {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleEmailSender.class);
    /** The stages where the console sender needs no opt-in; an unset stage is the local API or a test. */
    static final Set<String> CONSOLE_STAGES = Set.of("local", "dev");

    private final PrintStream out;

    @Inject
    public ConsoleEmailSender(@Nullable @Value("${stage:}") String stage, EmailSettings settings) {
        this(System.out, stage, settings.isConsoleAllowed(), System.getenv());
    }

    ConsoleEmailSender(PrintStream out) {
        this.out = out;
    }

    ConsoleEmailSender(PrintStream out, String stage, boolean allowed, Map<String, String> environment) {
        this.out = out;
        String name = stage == null ? "" : stage.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !CONSOLE_STAGES.contains(name) && !allowed) {
            throw new IllegalStateException("EMAIL_SENDER=console is refused in stage '" + name
                    + "': it writes every account email, live verification and password-reset tokens included, "
                    + "to the log. Set EMAIL_SENDER=ses, or EMAIL_CONSOLE_ALLOWED=true to choose the console anyway.");
        }
        if (environment.containsKey("AWS_LAMBDA_FUNCTION_NAME")) {
            LOG.warn(
                    "EMAIL_SENDER=console in AWS Lambda (stage '{}'): every account email, with its LIVE verification "
                            + "and password-reset token, is written to this function's log; whoever can read the log "
                            + "can take over those accounts. Use EMAIL_SENDER=ses for real users.",
                    name.isEmpty() ? "unset" : name);
        }
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
