package com.focusapi.health;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.shared.testing.SnapStartPrimingCheck;
import org.junit.jupiter.api.Test;

/**
 * SnapStart: a simulated checkpoint primes the function with a health read
 * through its real handler, touching no user data, and the function answers after the restore.
 */
class SnapStartPrimingTest {
    @Test
    void primingRunsTheRequestPathWithoutUserData() throws Exception {
        SnapStartPrimingCheck.verify(
                FunctionTestApp::new, "GET /api/health", "200", app -> app.api.get("/api/health", null));
    }
}
