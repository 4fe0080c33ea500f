package com.focusapi.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code ACCOUNT_EMAILS_*}: the limits of the routes that send account emails (register, resend-verification,
 * forgot-password; {@link AccountEmailLimits}), how many unspent tokens of one kind stay valid, and the fixed
 * time the neutral answers take.
 */
@ConfigurationProperties("account-emails")
public class AccountEmailSettings {
    private int maxPerAddress = 30;
    private int maxPerEmail = 5;
    private Duration window = Duration.ofHours(1);
    private int tokensKept = 3;
    private Duration answerTime = Duration.ofSeconds(1);

    public int getMaxPerAddress() {
        return maxPerAddress;
    }

    public void setMaxPerAddress(int maxPerAddress) {
        this.maxPerAddress = maxPerAddress;
    }

    public int getMaxPerEmail() {
        return maxPerEmail;
    }

    public void setMaxPerEmail(int maxPerEmail) {
        this.maxPerEmail = maxPerEmail;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public int getTokensKept() {
        return tokensKept;
    }

    public void setTokensKept(int tokensKept) {
        this.tokensKept = Math.max(1, tokensKept);
    }

    public Duration getAnswerTime() {
        return answerTime;
    }

    public void setAnswerTime(Duration answerTime) {
        this.answerTime = answerTime;
    }
}
