package com.focusapi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}) on a free loopback port, in memory. */
public final class PushgatewayServer extends ServerProcess {
    private final String routePrefix;

    private PushgatewayServer(int port, String routePrefix) throws IOException {
        super("pushgateway", port, Files.createTempDirectory("focus-pushgateway-"));
        this.routePrefix = routePrefix;
    }

    public static PushgatewayServer start() {
        return start("");
    }

    /**
     * A Pushgateway serving every route under {@code routePrefix} (e.g. {@code /pushgateway}), as one run
     * with {@code --web.route-prefix} or behind a path-routing proxy; {@link #url()} then ends with it.
     */
    public static PushgatewayServer start(String routePrefix) {
        try {
            PushgatewayServer server = new PushgatewayServer(FreePorts.find(), routePrefix);
            List<String> command = new java.util.ArrayList<>(List.of(
                    binary("prometheus-pushgateway", "/usr/bin/prometheus-pushgateway"),
                    "--web.listen-address=127.0.0.1:" + server.port(),
                    // Debian's build persists to /var/lib/prometheus/pushgateway.data by default: a file every
                    // Pushgateway on the machine would share. Memory only keeps each test's gateway its own.
                    "--persistence.file="));
            if (!routePrefix.isEmpty()) {
                command.add("--web.route-prefix=" + routePrefix);
            }
            server.start(command, "/-/ready");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, route prefix included. */
    @Override
    public String url() {
        return super.url() + routePrefix;
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
