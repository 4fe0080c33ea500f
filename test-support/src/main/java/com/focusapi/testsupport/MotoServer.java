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
 * real HTTP server speaking the AWS APIs (CloudWatch, SES v2, Secrets Manager...), the {@link AwsEmulator}
 * of a machine without Docker. Tests start it through {@link AwsEmulator#start()}, not directly, so that
 * they run on LocalStack where there is a Docker engine. {@link #start()} also puts the fake credentials and
 * region in the system properties the SDK's default chains read (unless already set).
 */
public final class MotoServer extends ServerProcess implements AwsEmulator {
    static final String NAME = "moto";
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

    @Override
    public String name() {
        return NAME;
    }

    /** Same as {@link #url()}: the endpoint override for SDK clients. */
    @Override
    public String endpoint() {
        return url();
    }

    @Override
    public String region() {
        return REGION;
    }

    @Override
    public String accessKey() {
        return ACCESS_KEY;
    }

    @Override
    public String secretKey() {
        return SECRET_KEY;
    }

    /** Moto's whole state as JSON; sent SES emails are under {@code ses} → {@code Message}. */
    public String dataJson() {
        try {
            return get("/moto-api/data.json").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The emails sent through SES so far, oldest first (moto keeps them under {@code ses} → {@code Message}). */
    @Override
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
