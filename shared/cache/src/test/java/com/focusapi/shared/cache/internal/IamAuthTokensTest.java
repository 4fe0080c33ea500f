package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The SigV4 token that ElastiCache accepts as an IAM password, and its refresh before 15 minutes run out. */
class IamAuthTokensTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-02T03:04:05Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final IamAuthTokens tokens = new IamAuthTokens(
            "focus-app",
            "Focus-Cache",
            true,
            "eu-west-3",
            StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            clock);

    @Test
    void tokenIsAPresignedConnectRequestForTheCache() {
        String token = tokens.token();
        assertThat(token)
                .startsWith("focus-cache/?")
                .contains("Action=connect")
                .contains("User=focus-app")
                .contains("ResourceType=ServerlessCache")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F20260102%2Feu-west-3%2Felasticache%2Faws4_request")
                .contains("X-Amz-Date=20260102T030405Z")
                .contains("X-Amz-Expires=900")
                .containsPattern("X-Amz-Signature=[0-9a-f]{64}")
                .doesNotContain("http://");
    }

    @Test
    void tokenIsReusedThenRefreshedBeforeItExpires() {
        String first = tokens.token();
        now.set(now.get().plus(Duration.ofMinutes(9)));
        assertThat(tokens.token()).isEqualTo(first);
        now.set(now.get().plus(Duration.ofMinutes(1)));
        String second = tokens.token();
        assertThat(second).isNotEqualTo(first).contains("X-Amz-Date=20260102T031405Z");
        assertThat(tokens.resolveCredentials().block().getPassword()).isEqualTo(second.toCharArray());
    }
}
