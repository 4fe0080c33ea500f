package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The local Extensions API plays Lambda's side of MetricsExtension's three calls: an invocation starts only
 * once the registered extension is parked on event/next, which then returns that invocation's INVOKE event;
 * closing releases it with SHUTDOWN. (MetricsExtensionTest in shared/metrics plays the same API from the
 * other side.)
 */
class ExtensionsApiStandInTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void announcesEachInvocationToTheParkedExtensionAndShutsItDown() throws Exception {
        try (ExtensionsApiStandIn api = new ExtensionsApiStandIn("Probe", Duration.ofSeconds(5))) {
            long before = System.nanoTime();
            api.invocationStarting("r-0", 3); // nobody registered (no PUSHGATEWAY_URL): no wait at all
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));

            HttpResponse<String> registered = send(
                    api,
                    HttpRequest.newBuilder(uri(api, "register"))
                            .header("Lambda-Extension-Name", "focus-metrics")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\"]}")));
            assertThat(registered.statusCode()).isEqualTo(200);
            String id = registered
                    .headers()
                    .firstValue("Lambda-Extension-Identifier")
                    .orElseThrow();
            assertThat(api.isRegistered()).isTrue();

            CompletableFuture<HttpResponse<String>> next = http.sendAsync(
                    HttpRequest.newBuilder(uri(api, "event/next"))
                            .header("Lambda-Extension-Identifier", id)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            api.invocationStarting("r-1", 3); // returns once the extension is parked, handing it the event
            String event = next.get(5, TimeUnit.SECONDS).body();
            assertThat(event).contains("\"eventType\":\"INVOKE\"", "\"requestId\":\"r-1\"", "\"deadlineMs\":");
            assertThat(MetricsDeadline.of(event)).isBetween(1_000L, 3_000L);

            CompletableFuture<HttpResponse<String>> last = http.sendAsync(
                    HttpRequest.newBuilder(uri(api, "event/next"))
                            .header("Lambda-Extension-Identifier", id)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(200); // parked
            api.close();
            assertThat(last.get(5, TimeUnit.SECONDS).body()).contains("\"SHUTDOWN\"");
        }
    }

    @Test
    void anExtensionThatStopsAskingIsNoLongerWaitedFor() throws Exception {
        try (ExtensionsApiStandIn api = new ExtensionsApiStandIn("Probe", Duration.ofMillis(300))) {
            send(api, HttpRequest.newBuilder(uri(api, "register")).POST(HttpRequest.BodyPublishers.noBody()));
            api.invocationStarting("r-1", 3); // never parked: waits the bound once
            assertThat(api.isRegistered()).isFalse();
            long before = System.nanoTime();
            api.invocationStarting("r-2", 3);
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(200));
        }
    }

    private static URI uri(ExtensionsApiStandIn api, String call) {
        return URI.create("http://" + api.address() + "/2020-01-01/extension/" + call);
    }

    private HttpResponse<String> send(ExtensionsApiStandIn api, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The milliseconds left until the event's deadlineMs. */
    private static final class MetricsDeadline {
        static long of(String event) {
            String rest = event.substring(event.indexOf("\"deadlineMs\":") + 13);
            return Long.parseLong(rest.substring(0, rest.indexOf(','))) - System.currentTimeMillis();
        }
    }
}
