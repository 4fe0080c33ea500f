package com.focusapi.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code moto_server} (the AWS emulator, installed from PyPI by the test command) on a loopback port:
 * SES v2 (sent emails readable at {@code /moto-api/data.json}), Secrets Manager, CloudWatch.
 * {@link #start()} also gives the AWS SDK the dummy credentials and region moto accepts, through the
 * system properties the SDK's default chains read, unless the test run set them already.
 */
public final class MotoServer implements AutoCloseable {
    private final int port;
    private Process process;

    private MotoServer(int port) {
        this.port = port;
    }

    public static MotoServer start() {
        setIfAbsent("aws.accessKeyId", "testing");
        setIfAbsent("aws.secretAccessKey", "testing");
        setIfAbsent("aws.region", "us-east-1");
        MotoServer server = new MotoServer(FreePorts.find());
        server.launch();
        return server;
    }

    /** {@code MOTO_SERVER_BIN}, or the first {@code moto_server} on the PATH. */
    public static String binary() {
        String configured = System.getenv("MOTO_SERVER_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)));
        dirs.add(System.getProperty("user.home") + "/.local/bin");
        for (String dir : dirs) {
            File candidate = new File(dir, "moto_server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException("moto_server not found: pip install 'moto[server]' or set MOTO_SERVER_BIN");
    }

    private void launch() {
        try {
            Path log = Files.createTempFile("moto-", ".log");
            process = new ProcessBuilder(binary(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue());
            }
            try {
                if (get("/moto-api/data.json") != null) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        throw new IllegalStateException("moto_server did not start on port " + port);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Moto's whole state as JSON; sent SES emails are under {@code ses} → {@code Message}. */
    public String dataJson() {
        try {
            return get("/moto-api/data.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One email SES accepted. */
    public record SentEmail(List<String> to, String subject, String body) {
    }

    /** The emails sent through SES so far, oldest first. */
    public List<SentEmail> sentEmails() {
        try {
            com.fasterxml.jackson.databind.JsonNode messages = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(dataJson()).path("ses").path("Message");
            List<SentEmail> result = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode m : messages) {
                List<String> to = new ArrayList<>();
                m.path("destinations").path("ToAddresses").forEach(a -> to.add(a.asText()));
                result.add(new SentEmail(to, m.path("subject").asText(), m.path("body").asText()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The emails sent to {@code address}, oldest first. */
    public List<SentEmail> sentTo(String address) {
        return sentEmails().stream().filter(e -> e.to().stream().anyMatch(address::equalsIgnoreCase)).toList();
    }

    /** Forgets every resource and sent email, so tests do not see each other's. */
    public void reset() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/reset").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.getResponseCode();
            connection.disconnect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + path).toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(5000);
        try {
            if (connection.getResponseCode() != 200) {
                return null;
            }
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
