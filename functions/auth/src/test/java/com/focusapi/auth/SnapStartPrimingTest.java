package com.focusapi.auth;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.shared.testing.SnapStartPrimingCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart: a simulated checkpoint primes the function with an empty login, refused by validation (400)
 * through its real handler, touching no user data, and the function answers after the restore.
 */
class SnapStartPrimingTest {
    @Test
    void primingRunsTheRequestPathWithoutUserData() throws Exception {
        SnapStartPrimingCheck.verify(
                FunctionTestApp::new,
                "POST /api/auth/login",
                "400",
                app -> app.api.post(
                        "/api/auth/login",
                        Map.of(
                                "email",
                                app.text(
                                        "SELECT email FROM users WHERE id = " + app.createUser("primed", true, "user")),
                                "password",
                                FunctionTestApp.PASSWORD)));
    }
}
