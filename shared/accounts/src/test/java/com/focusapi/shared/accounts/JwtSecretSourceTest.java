package com.focusapi.shared.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.focusapi.shared.accounts.internal.JwtSecretSource;
import com.focusapi.testsupport.AwsEmulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The signing secret is persistent: one file reused by every process, or one Secrets Manager secret. */
class JwtSecretSourceTest {
    private static AwsEmulator aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start();
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void fileIsCreatedOnceAndReusedByLaterProcesses() throws Exception {
        Path file = dir.resolve("sub/jwt-secret");
        byte[] first = source(file).secret();
        String stored = Files.readString(file);
        // A second source stands for the next cold start or another function of the local API.
        byte[] second = source(file).secret();
        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(file)).isEqualTo(stored);
        assertThat(first.length).isGreaterThanOrEqualTo(32);
    }

    @Test
    void tokensIssuedBeforeARestartStillVerify() {
        Path file = dir.resolve("jwt-secret");
        AuthSettings settings = settingsWithFile(file);
        String token = new JwtService(new JwtSecretSource(settings), settings)
                .issue(7, "user")
                .token();
        assertThat(new JwtService(new JwtSecretSource(settings), settings)
                        .verify(token)
                        .userId())
                .isEqualTo(7);
    }

    @Test
    void noSecretConfiguredIsAnError() {
        assertThatThrownBy(() -> new JwtSecretSource(new AuthSettings()).secret())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_SECRET_ARN");
    }

    @Test
    void secretIsReadFromSecretsManager() {
        String value = "a-secrets-manager-secret-of-more-than-32-bytes";
        String arn;
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(aws.endpoint()))
                .build()) {
            arn = client.createSecret(
                            r -> r.name("focus/jwt-" + System.nanoTime()).secretString(value))
                    .arn();
        }
        AuthSettings settings = new AuthSettings();
        settings.setSecretArn(arn);
        settings.setSecretsEndpoint(aws.endpoint());
        assertThat(new JwtSecretSource(settings).secret()).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shortSecretIsRefused() throws Exception {
        Path file = dir.resolve("short");
        Files.writeString(file, "too-short");
        assertThatThrownBy(() -> source(file).secret()).isInstanceOf(IllegalStateException.class);
    }

    private static JwtSecretSource source(Path file) {
        return new JwtSecretSource(settingsWithFile(file));
    }

    private static AuthSettings settingsWithFile(Path file) {
        AuthSettings settings = new AuthSettings();
        settings.setSecretFile(file.toString());
        return settings;
    }
}
