package com.focusapi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * moto's AWS emulator ({@code moto_server}, from PyPI's {@code moto[server]}) on a free loopback port: a
 * real HTTP server speaking the AWS APIs (CloudWatch, SES...). Clients point at it with
 * {@code endpointOverride(url())}, region {@link #REGION} and the fake credentials below.
 */
public final class MotoServer extends ServerProcess {
    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";

    private MotoServer(int port) throws IOException {
        super("moto", port, Files.createTempDirectory("focus-moto-"));
    }

    public static MotoServer start() {
        try {
            MotoServer server = new MotoServer(FreePorts.find());
            server.start(List.of(binary("moto_server", "/usr/local/bin/moto_server"),
                    "-H", "127.0.0.1", "-p", String.valueOf(server.port())), "/moto-api/data.json");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
