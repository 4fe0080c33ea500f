package com.focusapi.shared.email;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Email settings ({@code EMAIL_*}): which sender ({@code ses} or {@code console}, the default, which prints
 * each email with its link), the From address, the SES endpoint override (tests: moto) and the public URL
 * the links in emails point to. An unset public URL means "the origin the request came in on": the auth
 * function then links to its own pages (see the auth function's EmailLinkBase).
 */
@ConfigurationProperties("email")
public class EmailSettings {
    private String sender = "console";
    private String from = "no-reply@focus-api.dev";
    private @Nullable String sesEndpoint;
    private @Nullable String publicUrl;
    /** {@code EMAIL_CONSOLE_ALLOWED}: the console sender in a stage other than local or dev, knowingly. */
    private boolean consoleAllowed;

    public String getSender() {
        return sender;
    }

    public void setSender(String sender) {
        this.sender = sender;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public @Nullable String getSesEndpoint() {
        return sesEndpoint;
    }

    public void setSesEndpoint(@Nullable String sesEndpoint) {
        this.sesEndpoint = sesEndpoint;
    }

    public @Nullable String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(@Nullable String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public boolean isConsoleAllowed() {
        return consoleAllowed;
    }

    public void setConsoleAllowed(boolean consoleAllowed) {
        this.consoleAllowed = consoleAllowed;
    }
}
