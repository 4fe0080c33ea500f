package com.focusapi.challenges;

import com.focusapi.shared.testing.SnapStartPrimingCheck;
import org.junit.jupiter.api.Test;

/**
 * SnapStart: a simulated checkpoint primes the function with /api/challenges without a token (401) through its
 * real handler, touching no user data, and the function answers a user after the restore.
 */
class SnapStartPrimingTest {
    @Test
    void primingRunsTheRequestPathWithoutUserData() throws Exception {
        SnapStartPrimingCheck.verifyAuthenticatedGet(ChallengesTestApp::new, "/api/challenges");
    }
}
