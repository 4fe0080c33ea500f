package com.focusapi.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One function environment's Lambda Extensions API, on loopback: the three calls an internal extension makes
 * (register, event/next; shutdown comes as an event) so the function's {@code MetricsExtension} runs exactly
 * as in Lambda. The function gets this address as {@code aws.lambda.runtime.api}; the extension registers only
 * when it has somewhere to push (PUSHGATEWAY_URL), otherwise this server stays idle.
 *
 * <p>Lambda's contract, played by {@link FunctionHost}: an invocation starts only once every registered
 * extension is parked on {@code event/next} (the previous invocation's push is done, or its bound passed), and
 * that call then returns the INVOKE event. The response does not wait for the extension: it goes back as soon
 * as the handler returns, and the push runs after it, so a slow or dead Pushgateway can only delay the next
 * invocation of the same environment, by at most the extension's bound, as in AWS.
 */
final class ExtensionsApiStandIn implements AutoCloseable {
    private static final String SHUTDOWN =
            "{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\",\"deadlineMs\":0}";

    private final String functionName;
    private final Duration readyBound;
    private final HttpServer server;
    private final ExecutorService executor;
    /** One permit per extension call parked on event/next. */
    private final Semaphore parked = new Semaphore(0);

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private volatile boolean registered;
    private volatile boolean closed;

    /** {@code readyBound}: how long an invocation waits for the extension at most (the function's timeout). */
    ExtensionsApiStandIn(String functionName, Duration readyBound) throws IOException {
        this.functionName = functionName;
        this.readyBound = readyBound;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "extensions-api-" + functionName);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/2020-01-01/extension/register", this::register);
        server.createContext("/2020-01-01/extension/event/next", this::next);
        server.start();
    }

    /** {@code host:port}, what Lambda puts in {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    boolean isRegistered() {
        return registered;
    }

    /**
     * Before invocation {@code requestId}: waits until the extension has asked for its next event (at most the
     * ready bound), then hands it the INVOKE event. Without a registered extension it returns at once.
     */
    void invocationStarting(String requestId, int timeoutSeconds) {
        if (!registered || closed) {
            return;
        }
        boolean ready;
        try {
            ready = parked.tryAcquire(readyBound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!ready) {
            // Lambda would hold the environment; locally the extension is taken as gone (its loop stopped).
            registered = false;
            System.err.println("Metrics extension of " + functionName + " did not ask for its next event within "
                    + readyBound.toMillis() + " ms: invocations no longer wait for it");
            return;
        }
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        events.add("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + deadline + ",\"requestId\":\"" + requestId
                + "\",\"invokedFunctionArn\":\"arn:aws:lambda:local:000000000000:function:" + functionName + "\"}");
    }

    private void register(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            registered = true;
            exchange.getResponseHeaders()
                    .add("Lambda-Extension-Identifier", UUID.randomUUID().toString());
            respond(exchange, "{\"functionName\":\"" + functionName + "\",\"functionVersion\":\"$LATEST\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        try (exchange) {
            String event = SHUTDOWN;
            if (!closed) {
                parked.release();
                try {
                    event = events.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseHeaders()
                    .add("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
            respond(exchange, event);
        }
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** After the function's context has closed: releases a parked extension with SHUTDOWN, stops the server. */
    @Override
    public void close() {
        closed = true;
        events.add(SHUTDOWN);
        server.stop(1); // lets a parked event/next call receive its SHUTDOWN (at most 1 s)
        executor.shutdownNow();
    }
}
