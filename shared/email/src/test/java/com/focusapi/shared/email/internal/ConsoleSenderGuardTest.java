package com.focusapi.shared.email.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.focusapi.shared.email.EmailSender;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 12: the console sender prints live tokens, so a deployed stage (STAGE other than local or dev) refuses
 * it at start-up unless EMAIL_CONSOLE_ALLOWED=true, and in Lambda it always says so in a WARN line.
 */
class ConsoleSenderGuardTest {

    @Test
    void aDeployedStageRefusesTheConsoleAtStartUp() {
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("cache.enabled", false, "stage", "prod")))
                .hasStackTraceContaining("EMAIL_SENDER=console is refused in stage 'prod'")
                .hasStackTraceContaining("EMAIL_CONSOLE_ALLOWED");
    }

    @Test
    void chosenExplicitlyItStarts() {
        try (ApplicationContext context = ApplicationContext.run(
                Map.of("cache.enabled", false, "stage", "prod", "email.console-allowed", true))) {
            assertThat(context.getBean(EmailSender.class)).isInstanceOf(ConsoleEmailSender.class);
        }
    }

    @Test
    void localAndDevNeedNoOptIn() {
        for (String stage : List.of("local", "dev")) {
            try (ApplicationContext context = ApplicationContext.run(Map.of("cache.enabled", false, "stage", stage))) {
                assertThat(context.getBean(EmailSender.class)).isInstanceOf(ConsoleEmailSender.class);
            }
        }
    }

    @Test
    void sesIsNotConcerned() {
        try (ApplicationContext context =
                ApplicationContext.run(Map.of("cache.enabled", false, "stage", "prod", "email.sender", "ses"))) {
            assertThat(context.getBean(EmailSender.class)).isInstanceOf(SesEmailSender.class);
        }
    }

    @Test
    void inLambdaItWarnsAtStartUpThatTokensGoToTheLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(ConsoleEmailSender.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            PrintStream out = new PrintStream(new ByteArrayOutputStream());
            new ConsoleEmailSender(out, "dev", false, Map.of("AWS_LAMBDA_FUNCTION_NAME", "focus-dev-auth"));
            new ConsoleEmailSender(out, "", false, Map.of());
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).hasSize(1);
        assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(appender.list.get(0).getFormattedMessage())
                .contains("EMAIL_SENDER=console in AWS Lambda (stage 'dev')")
                .contains("LIVE verification and password-reset token");
    }
}
