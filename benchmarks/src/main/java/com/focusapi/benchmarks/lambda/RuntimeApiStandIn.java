package com.focusapi.benchmarks.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local stand-in of the Lambda Runtime API (2018-06-01) for one cold start: the first
 * {@code GET /runtime/invocation/next} gets the event (with the request id, deadline and function ARN headers
 * the runtime client requires); the runtime's {@code POST .../invocation/{id}/response} or {@code /error}, or
 * an {@code /init/error}, completes {@link #outcome()}, stamped with {@link System#nanoTime()} on arrival. A
 * second {@code next} is held open, as Lambda does between invocations, until the stand-in closes.
 */
final class RuntimeApiStandIn implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";

    /** What the runtime posted and when: {@code nextNanos} is the first {@code next}, i.e. the end of init. */
    record Posted(String kind, long nextNanos, long postedNanos, String body) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Posted> outcome = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String requestId = UUID.randomUUID().toString();
    private final byte[] event;
    private final String functionArn;
    private volatile long firstNextNanos;
    private boolean eventServed;

    RuntimeApiStandIn(byte[] event, String functionName) {
        this.event = event.clone();
        this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** The value of AWS_LAMBDA_RUNTIME_API: host:port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The first post of the runtime (response, invocation error or init error). */
    Posted await(long timeout, TimeUnit unit) throws Exception {
        try {
            return outcome.get(timeout, unit);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no response posted within " + timeout + " " + unit, e);
        }
    }

    CompletableFuture<Posted> outcome() {
        return outcome;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        byte[] body = exchange.getRequestBody().readAllBytes();
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod()) && "invocation/next".equals(path)) {
                serveNext(exchange, arrived);
            } else if (path.equals("invocation/" + requestId + "/response")) {
                accepted(exchange, "response", arrived, body);
            } else if (path.equals("invocation/" + requestId + "/error") || path.equals("init/error")) {
                accepted(exchange, path.endsWith("init/error") ? "init-error" : "error", arrived, body);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void serveNext(HttpExchange exchange, long arrived) throws IOException {
        boolean first;
        synchronized (this) {
            first = !eventServed;
            eventServed = true;
        }
        if (!first) {
            // The runtime polls for the next event once it posted the response: held until the run ends.
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        firstNextNanos = arrived;
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
        exchange.getResponseHeaders()
                .add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 20_000));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
        exchange.sendResponseHeaders(200, event.length);
        exchange.getResponseBody().write(event);
    }

    private void accepted(HttpExchange exchange, String kind, long arrived, byte[] body) throws IOException {
        exchange.sendResponseHeaders(202, -1);
        outcome.complete(new Posted(kind, firstNextNanos, arrived, new String(body, StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
