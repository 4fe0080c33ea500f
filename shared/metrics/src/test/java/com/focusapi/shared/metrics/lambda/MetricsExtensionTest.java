package com.focusapi.shared.metrics.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.metrics.MetricsPublishing;
import com.focusapi.shared.metrics.PrometheusText;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PushgatewayServer;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The internal extension's contract with Lambda: after an INVOKE event it asks for the next event (which
 * lets Lambda freeze the environment) only once the invocation has ended and its metrics are in the
 * Pushgateway. The Extensions API side is played by a small HTTP server speaking that API's three calls
 * (there is no Lambda runtime on a build machine); the Pushgateway is the real one.
 */
class MetricsExtensionTest {

    @Test
    void asksForTheNextEventOnlyOnceThePushIsDone() throws Exception {
        LinkedBlockingQueue<String> nextCalls = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer runtimeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        runtimeApi.createContext("/2020-01-01/extension/register", exchange -> {
            exchange.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
            byte[] body = "{\"functionName\":\"test\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        runtimeApi.createContext("/2020-01-01/extension/event/next", exchange -> {
            int n = calls.incrementAndGet();
            nextCalls.add("next-" + n);
            if (n > 1) {
                try {
                    release.await(30, TimeUnit.SECONDS); // the environment is "frozen" until the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + (System.currentTimeMillis() + 20_000)
                            + ",\"requestId\":\"r-" + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        runtimeApi.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        runtimeApi.start();

        try (PushgatewayServer pushgateway = PushgatewayServer.start();
                APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of(
                        "cache.enabled",
                        false,
                        "function.name",
                        "ext",
                        "pushgateway.url",
                        pushgateway.url(),
                        // A push bound (2 x timeout) well above the test's pause before its request: an invocation
                        // that has not entered the filter chain within the bound is taken as one that never will.
                        "pushgateway.timeout-ms",
                        5000,
                        "aws.lambda.runtime.api",
                        "127.0.0.1:" + runtimeApi.getAddress().getPort()))) {
            // The extension took the INVOKE event; it must not ask for the next one before the invocation.
            assertThat(nextCalls.poll(10, TimeUnit.SECONDS)).isEqualTo("next-1");
            assertThat(nextCalls.poll(500, TimeUnit.MILLISECONDS)).isNull();

            assertThat(new LambdaHttp(handler).get("/test/ping").getStatusCode())
                    .isEqualTo(200);

            // It asks again only now, and by then the invocation's metrics are in the Pushgateway.
            assertThat(nextCalls.poll(10, TimeUnit.SECONDS)).isEqualTo("next-2");
            String instance = handler.getApplicationContext()
                    .getBean(MetricsPublishing.class)
                    .instanceId()
                    .orElseThrow();
            assertThat(pushgateway.metricsText())
                    .containsPattern("focus_api_http_requests_total\\{[^}]*endpoint=\"/test/ping\"[^}]*instance=\""
                            + instance + "\"[^}]*\\} 1");
        } finally {
            release.countDown();
            runtimeApi.stop(0);
        }
    }

    /**
     * Invocation 1 never reaches the filter chain (a malformed event, an exception before the chain), so its
     * end is never marked. The extension must not hold the environment until that invocation's deadline
     * (60 s here), and the invocations after it must be waited for exactly as before: the count resynchronises
     * on each INVOKE event.
     */
    @Test
    void anInvocationThatSkipsTheFilterDoesNotHoldLaterOnes() throws Exception {
        LinkedBlockingQueue<Integer> nextCalls = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        // Event n (n >= 2) is handed out only once the test releases it, then the test runs invocation n at once.
        java.util.concurrent.Semaphore events = new java.util.concurrent.Semaphore(0);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer runtimeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        runtimeApi.createContext("/2020-01-01/extension/register", exchange -> {
            exchange.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        runtimeApi.createContext("/2020-01-01/extension/event/next", exchange -> {
            int n = calls.incrementAndGet();
            nextCalls.add(n);
            try {
                if (n > 1 && !events.tryAcquire(60, TimeUnit.SECONDS)) {
                    release.await(60, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + (System.currentTimeMillis() + 60_000)
                            + ",\"requestId\":\"r-" + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        runtimeApi.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        runtimeApi.start();

        try (PushgatewayServer pushgateway = PushgatewayServer.start();
                APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of(
                        "cache.enabled",
                        false,
                        "function.name",
                        "skip",
                        "pushgateway.url",
                        pushgateway.url(),
                        "pushgateway.timeout-ms",
                        250,
                        "aws.lambda.runtime.api",
                        "127.0.0.1:" + runtimeApi.getAddress().getPort()))) {
            assertThat(nextCalls.poll(10, TimeUnit.SECONDS)).isEqualTo(1);
            // Invocation 1 never reaches the filter. Before the fix the extension waited for its end marker
            // until the deadline (60 s); now it gives up after the push bound (500 ms).
            assertThat(nextCalls.poll(15, TimeUnit.SECONDS)).isEqualTo(2);

            LambdaHttp http = new LambdaHttp(handler);
            String instance = handler.getApplicationContext()
                    .getBean(MetricsPublishing.class)
                    .instanceId()
                    .orElseThrow();
            for (int n = 2; n <= 3; n++) {
                events.release(); // event n is delivered, and invocation n runs
                assertThat(http.get("/test/users/" + n + "/stats").getStatusCode())
                        .isEqualTo(200);
                // The extension asks for event n+1 only after invocation n's push: its count was not left behind.
                assertThat(nextCalls.poll(15, TimeUnit.SECONDS)).isEqualTo(n + 1);
                assertThat(PrometheusText.value(
                                pushgateway.metricsText(),
                                "focus_api_http_requests_total",
                                Map.of("instance", instance, "endpoint", "/test/users/{id}/stats")))
                        .isEqualTo(n - 1);
            }
        } finally {
            release.countDown();
            events.release(10);
            runtimeApi.stop(0);
        }
    }
}
