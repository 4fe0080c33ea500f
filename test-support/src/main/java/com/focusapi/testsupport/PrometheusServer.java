package com.focusapi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Prometheus scraping one target (a Pushgateway) every second with {@code honor_labels: true}, so the
 * pushed {@code job}, {@code function} and {@code instance} labels are kept, as in production.
 */
public final class PrometheusServer extends ServerProcess {
    private PrometheusServer(int port) throws IOException {
        super("prometheus", port, Files.createTempDirectory("focus-prometheus-"));
    }

    public static PrometheusServer scraping(String hostAndPort) {
        try {
            PrometheusServer server = new PrometheusServer(FreePorts.find());
            Path config = server.directory().resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: pushgateway
                        honor_labels: true
                        static_configs:
                          - targets: ['%s']
                    """.formatted(hostAndPort));
            server.start(
                    List.of(
                            binary("prometheus", "/usr/bin/prometheus"),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + server.directory().resolve("data"),
                            "--web.listen-address=127.0.0.1:" + server.port()),
                    "/-/ready");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw JSON answer of an instant query. */
    public String query(String promql) {
        try {
            return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
