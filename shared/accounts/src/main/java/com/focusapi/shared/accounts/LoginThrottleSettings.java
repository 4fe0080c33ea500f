package com.focusapi.shared.accounts;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code LOGIN_THROTTLE_*}: how many failed password checks within the window are allowed before further
 * attempts are refused with 429 ({@link LoginThrottle}): per account and client address (also the limit of
 * change-password and DELETE /me, per account), per client address, and per account from all addresses.
 */
@ConfigurationProperties("login-throttle")
public class LoginThrottleSettings {
    private int maxFailuresPerAccount = 5;
    private int maxFailuresPerAddress = 20;
    private int maxFailuresPerAccountTotal = 100;
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

    public int getMaxFailuresPerAccountTotal() {
        return maxFailuresPerAccountTotal;
    }

    public void setMaxFailuresPerAccountTotal(int maxFailuresPerAccountTotal) {
        this.maxFailuresPerAccountTotal = maxFailuresPerAccountTotal;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }
}
