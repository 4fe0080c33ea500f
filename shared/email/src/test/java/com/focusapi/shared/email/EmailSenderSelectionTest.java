package com.focusapi.shared.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.email.internal.ConsoleEmailSender;
import com.focusapi.shared.email.internal.SesEmailSender;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EMAIL_SENDER picks the implementation; without it the console sender is used (the local API's case). */
class EmailSenderSelectionTest {

    @Test
    void consoleByDefault() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("cache.enabled", false))) {
            assertThat(context.getBean(EmailSender.class)).isInstanceOf(ConsoleEmailSender.class);
        }
    }

    @Test
    void sesWhenAsked() {
        try (ApplicationContext context =
                ApplicationContext.run(Map.of("cache.enabled", false, "email.sender", "ses"))) {
            assertThat(context.getBean(EmailSender.class)).isInstanceOf(SesEmailSender.class);
        }
    }

    @Test
    void consoleWhenAsked() {
        try (ApplicationContext context =
                ApplicationContext.run(Map.of("cache.enabled", false, "email.sender", "console"))) {
            assertThat(context.getBean(EmailSender.class)).isInstanceOf(ConsoleEmailSender.class);
        }
    }
}
