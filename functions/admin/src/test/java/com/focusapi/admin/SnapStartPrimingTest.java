package com.focusapi.admin;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.shared.testing.SnapStartPrimingCheck;
import org.junit.jupiter.api.Test;

/**
 * SnapStart: a simulated checkpoint primes the function with the route without a token (401)
 * through its real handler, touching no user data, and the function answers after the restore.
 */
class SnapStartPrimingTest {
    @Test
    void primingRunsTheRequestPathWithoutUserData() throws Exception {
        SnapStartPrimingCheck.verify(
                FunctionTestApp::new,
                "GET /api/admin/stats/overview",
                "401",
                app -> app.api.get(
                        "/api/admin/stats/overview", app.tokenFor(app.createUser("primed", true, "admin"), "admin")));
    }
}
