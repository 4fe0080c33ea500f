package com.focusapi.shared.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.metrics.PushgatewaySettings;
import com.focusapi.shared.metrics.PushgatewayUrl;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The parts of PUSHGATEWAY_URL the publisher once dropped: the path prefix and the credentials. A small HTTP
 * server records what arrives (the real Pushgateway's basic auth needs a bcrypt hash file; the path prefix is
 * tested against the real one in PushgatewayPublishingTest).
 */
class PushgatewayPublisherTest {

    @Test
    void parsesEveryPartOfTheUrl() {
        PushgatewayUrl url = PushgatewayUrl.parse("https://metrics:p%40ss%3Aword@pg.example.com/prefix/gw/");
        assertThat(url.baseUrl()).isEqualTo("https://pg.example.com:443/prefix/gw");
        assertThat(url.hostPort()).isEqualTo("pg.example.com:443");
        assertThat(url.pathPrefix()).isEqualTo("/prefix/gw");
        assertThat(url.user()).isEqualTo("metrics");
        assertThat(url.password()).isEqualTo("p@ss:word");
        assertThat(url.authorization())
                .contains("Basic "
                        + Base64.getEncoder().encodeToString("metrics:p@ss:word".getBytes(StandardCharsets.UTF_8)));
        assertThat(url.toString()).doesNotContain("p@ss");

        PushgatewayUrl bare = PushgatewayUrl.parse("127.0.0.1:9091");
        assertThat(bare.baseUrl()).isEqualTo("http://127.0.0.1:9091");
        assertThat(bare.authorization()).isEmpty();
    }

    @Test
    void pushesUnderThePathPrefixWithBasicAuth() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " "
                            + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            PushgatewaySettings settings = new PushgatewaySettings();
            settings.setUrl(
                    "http://pusher:s%3Acret@127.0.0.1:" + server.getAddress().getPort() + "/pg/");
            settings.setTimeoutMs(2000);
            PrometheusRegistry registry = new PrometheusRegistry();
            registry.register(new ExactNamesCollector("fn", java.util.Map.of("version", "1")));
            PushgatewayPublisher publisher = new PushgatewayPublisher(settings, "fn", registry, "i-1", () -> {});

            assertThat(publisher.push()).isTrue();

            String request = received.poll(5, TimeUnit.SECONDS);
            assertThat(request)
                    .startsWith("PUT /pg/metrics/job/focus-api/function/fn/instance/i-1 ")
                    .endsWith(" Basic "
                            + Base64.getEncoder().encodeToString("pusher:s:cret".getBytes(StandardCharsets.UTF_8)));
        } finally {
            server.stop(0);
        }
    }
}
