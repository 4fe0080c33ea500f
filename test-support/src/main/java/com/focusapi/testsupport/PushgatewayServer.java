package com.focusapi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}) on a free loopback port, in memory. */
public final class PushgatewayServer extends ServerProcess {
    private PushgatewayServer(int port) throws IOException {
        super("pushgateway", port, Files.createTempDirectory("focus-pushgateway-"));
    }

    public static PushgatewayServer start() {
        try {
            PushgatewayServer server = new PushgatewayServer(FreePorts.find());
            server.start(List.of(binary("prometheus-pushgateway", "/usr/bin/prometheus-pushgateway"),
                    "--web.listen-address=127.0.0.1:" + server.port(),
                    // Debian's build persists to /var/lib/prometheus/pushgateway.data by default: a file every
                    // Pushgateway on the machine would share. Memory only keeps each test's gateway its own.
                    "--persistence.file="), "/-/ready");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Prometheus scrapes: every pushed group, in the text format. */
    public String metricsText() {
        try {
            return get("/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON of {@code GET /api/v1/metrics}: every group with its labels and push times. */
    public String groupsJson() {
        try {
            return get("/api/v1/metrics").body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
