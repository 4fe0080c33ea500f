package com.focusapi.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * moto's AWS emulator ({@code moto_server}, from PyPI's {@code moto[server]}) on a free loopback port: a
 * real HTTP server speaking the AWS APIs (CloudWatch, SES v2, Secrets Manager...). Clients point at it with
 * {@code endpointOverride(url())}, region {@link #REGION} and the fake credentials below, which
 * {@link #start()} also puts in the system properties the SDK's default chains read (unless already set),
 * for code that builds its clients from the defaults, as the functions do. Emails sent through SES are
 * readable with {@link #sentEmails()}.
 */
public final class MotoServer extends ServerProcess {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";

    private MotoServer(int port) throws IOException {
        super("moto", port, Files.createTempDirectory("focus-moto-"));
    }

    public static MotoServer start() {
        setIfAbsent("aws.accessKeyId", ACCESS_KEY);
        setIfAbsent("aws.secretAccessKey", SECRET_KEY);
        setIfAbsent("aws.region", REGION);
        try {
            MotoServer server = new MotoServer(FreePorts.find());
            server.start(
                    List.of(
                            binary("moto_server", "/usr/local/bin/moto_server"),
                            "-H",
                            "127.0.0.1",
                            "-p",
                            String.valueOf(server.port())),
                    "/moto-api/data.json");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Same as {@link #url()}: the endpoint override for SDK clients. */
    public String endpoint() {
        return url();
    }

    /** Moto's whole state as JSON; sent SES emails are under {@code ses} → {@code Message}. */
    public String dataJson() {
        try {
            return get("/moto-api/data.json").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One email SES accepted. */
    public record SentEmail(List<String> to, String subject, String body) {}

    /** The emails sent through SES so far, oldest first. */
    public List<SentEmail> sentEmails() {
        try {
            JsonNode messages =
                    new ObjectMapper().readTree(dataJson()).path("ses").path("Message");
            List<SentEmail> result = new ArrayList<>();
            for (JsonNode m : messages) {
                List<String> to = new ArrayList<>();
                m.path("destinations").path("ToAddresses").forEach(a -> to.add(a.asText()));
                result.add(new SentEmail(
                        to, m.path("subject").asText(), m.path("body").asText()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The emails sent to {@code address}, oldest first. */
    public List<SentEmail> sentTo(String address) {
        return sentEmails().stream()
                .filter(e -> e.to().stream().anyMatch(address::equalsIgnoreCase))
                .toList();
    }

    /** Forgets every resource and sent email. */
    public void reset() {
        try {
            send(HttpRequest.newBuilder(java.net.URI.create(url() + "/moto-api/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
