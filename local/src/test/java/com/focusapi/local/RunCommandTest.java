package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a newcomer meets it, in its own JVM with the embedded PostgreSQL and Redis: the banner says
 * the functions are warming and invites a request only once they are warm (the request then answers at
 * once), and SIGTERM (what Ctrl-C, `kill` and CI send) stops everything without a stack trace.
 */
class RunCommandTest {

    @Test
    void theBannerInvitesARequestOnlyOnceWarmAndSigtermStopsQuietly(@TempDir Path dataDirectory) throws Exception {
        int port = LocalApi.freePort(0);
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalApi.class.getName(),
                        "run",
                        "--port",
                        String.valueOf(port),
                        "--data-dir",
                        dataDirectory.toString())
                .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException closed) {
                // the process is gone: what it printed is in lines
            }
        });
        reader.start();
        try {
            long deadline = System.currentTimeMillis() + 300_000;
            while (indexOf(lines, "  try         : curl") < 0
                    && process.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            int warming = indexOf(lines, "  warming up  :");
            int warm = indexOf(lines, "Functions warm.");
            int tryLine = indexOf(lines, "  try         : curl");
            assertThat(tryLine).as(String.join("\n", lines)).isPositive();
            assertThat(warming)
                    .as("the banner says the functions are warming first")
                    .isPositive()
                    .isLessThan(warm);
            assertThat(warm).as("the invitation comes once they are warm").isLessThan(tryLine);

            // Warm means warm: the invited request answers without a cold start.
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output, losing
            // what the shutdown prints.
            process.toHandle().destroy();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        String output = String.join("\n", lines);
        assertThat(output).contains("Stopping the local API...");
        assertThat(lines)
                .as("no stack trace on SIGTERM:\n" + output)
                .noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
