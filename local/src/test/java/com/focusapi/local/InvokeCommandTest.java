package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code invoke HealthFunction --event events/health.json}, as a developer types it, in its own JVM. */
class InvokeCommandTest {

    @Test
    void printsTheFunctionsResponse(@TempDir Path dataDirectory) throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalApi.class.getName(),
                        "invoke",
                        "HealthFunction",
                        "--event",
                        "events/health.json",
                        "--data-dir",
                        dataDirectory.toString())
                .directory(repo.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        // The function answered through the CLI: its status and the database it reached. (Whether Redis is
        // "connected" or "degraded" at this instant depends on a 1 s connect timeout on a loaded machine.)
        assertThat(output).contains("\"statusCode\" : 200").contains("\\\"database\\\":\\\"connected\\\"");
    }
}
