package com.focusapi.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code LOGIN_THROTTLE_*}: how many failed logins within the window an account (by email) and a client
 * address may have before further attempts are refused with 429.
 */
@ConfigurationProperties("login-throttle")
public class LoginThrottleSettings {
    private int maxFailuresPerAccount = 5;
    private int maxFailuresPerAddress = 20;
    private Duration window = Duration.ofMinutes(15);

    public int getMaxFailuresPerAccount() {
        return maxFailuresPerAccount;
    }

    public void setMaxFailuresPerAccount(int maxFailuresPerAccount) {
        this.maxFailuresPerAccount = maxFailuresPerAccount;
    }

    public int getMaxFailuresPerAddress() {
        return maxFailuresPerAddress;
    }

    public void setMaxFailuresPerAddress(int maxFailuresPerAddress) {
        this.maxFailuresPerAddress = maxFailuresPerAddress;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }
}
