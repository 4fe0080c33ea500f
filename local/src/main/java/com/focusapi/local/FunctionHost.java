package com.focusapi.local;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One function's execution environment: its own shaded jar in its own class loader (parent: the platform
 * loader, so nothing of the local API leaks in), a cold start on first use, then one invocation at a time,
 * as one Lambda environment serves them. The handler is reached through the local bridge's
 * {@code LocalInvocationBridge} with strings only, defined inside that loader by {@link FunctionClassLoader}.
 * Each environment has its own loopback Extensions API ({@link ExtensionsApiStandIn}): the function's metrics
 * extension registers there when it pushes to a Pushgateway, and each invocation is announced to it as Lambda
 * does, so metrics are pushed after the response through the same code path as in AWS.
 */
public final class FunctionHost implements AutoCloseable {
    private static final String BRIDGE = "com.focusapi.localbridge.LocalInvocationBridge";

    private final FunctionDefinition definition;
    private final Map<String, Object> properties;
    private final ReentrantLock lock = new ReentrantLock(true);
    private FunctionClassLoader loader;
    private Object bridge;
    private Method invoke;
    private Method scrape;
    private Method routes;
    private boolean closed;
    private ExtensionsApiStandIn extensions;

    public FunctionHost(FunctionDefinition definition, Map<String, Object> properties) {
        this.definition = definition;
        this.properties = properties;
    }

    public FunctionDefinition definition() {
        return definition;
    }

    /** Runs one payload 2.0 event and returns the response JSON. Starts the function first if needed. */
    public String invoke(String eventJson) throws Exception {
        return (String) callStarted(
                () -> {
                    // As Lambda: the invocation starts once the extension has asked for its next event (the previous
                    // invocation's push is done), and that event announces this invocation.
                    extensions.invocationStarting(UUID.randomUUID().toString(), definition.timeoutSeconds());
                    return invoke;
                },
                eventJson);
    }

    /**
     * Every route the function's own Micronaut router serves, {@code "METHOD /uri-template"} (empty for a
     * function without HTTP routes). Starts the function first if needed.
     */
    @SuppressWarnings("unchecked")
    public List<String> routes() throws Exception {
        // A List of Strings: java.base classes, the same on both sides of the class-loader boundary.
        return (List<String>) callStarted(() -> routes);
    }

    /** Cold start now (the local API warms every function in the background at startup). */
    public void start() throws Exception {
        lock.lock();
        try {
            ensureStarted();
        } finally {
            lock.unlock();
        }
    }

    public boolean isStarted() {
        return bridge != null;
    }

    /** The function's Prometheus text, empty when it has not started. */
    public String scrapePrometheus() throws Exception {
        lock.lock();
        try {
            return bridge == null ? "" : (String) call(scrape);
        } finally {
            lock.unlock();
        }
    }

    private void ensureStarted() throws Exception {
        if (closed) {
            throw new IllegalStateException(definition.logicalId() + " is stopped: the local API is shutting down");
        }
        if (bridge != null) {
            return;
        }
        if (!Files.isRegularFile(definition.jar())) {
            throw new IllegalStateException("No jar for " + definition.logicalId() + " at " + definition.jar()
                    + ": build it first (mvn -DskipTests package, or make run)");
        }
        if (definition.handler() == null) {
            throw new IllegalStateException(definition.logicalId() + " has no Handler in template.yaml");
        }
        extensions = new ExtensionsApiStandIn(
                definition.logicalId(), Duration.ofSeconds(Math.max(1, definition.timeoutSeconds())));
        Map<String, Object> environment = new HashMap<>(properties);
        environment.put("aws.lambda.runtime.api", extensions.address());
        loader = new FunctionClassLoader("function-" + definition.logicalId(), definition.jar());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> type = Class.forName(BRIDGE, true, loader);
            bridge = type.getConstructor(String.class, String.class, Map.class, int.class, int.class)
                    .newInstance(
                            definition.logicalId(),
                            definition.handler(),
                            environment,
                            definition.memoryMb(),
                            definition.timeoutSeconds());
            invoke = type.getMethod("invoke", String.class);
            scrape = type.getMethod("scrapePrometheus");
            routes = type.getMethod("routes");
        } catch (InvocationTargetException e) {
            closeExtensions();
            throw unwrap(e);
        } catch (Exception | Error e) {
            closeExtensions();
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private void closeExtensions() {
        if (extensions != null) {
            extensions.close();
            extensions = null;
        }
    }

    /**
     * {@link #call} under the lock, after a cold start if the function has not started yet (a supplier: the
     * bridge's methods are looked up by that cold start).
     */
    private Object callStarted(Supplier<Method> method, Object... args) throws Exception {
        lock.lock();
        try {
            ensureStarted();
            return call(method.get(), args);
        } finally {
            lock.unlock();
        }
    }

    private Object call(Method method, Object... args) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return method.invoke(bridge, args);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        return e.getCause() instanceof Exception cause ? cause : e;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (bridge != null) {
                ClassLoader previous = Thread.currentThread().getContextClassLoader();
                Thread.currentThread().setContextClassLoader(loader);
                try {
                    ((AutoCloseable) bridge).close();
                } catch (Exception e) {
                    System.err.println("Closing " + definition.logicalId() + ": " + e.getMessage());
                } finally {
                    Thread.currentThread().setContextClassLoader(previous);
                }
                bridge = null;
            }
            // After the context: its extension is released from event/next with SHUTDOWN.
            closeExtensions();
            // The loader is not closed: Netty's and Lettuce's threads may still be finishing their last task
            // and need its classes; it goes away with the last thread that references it.
            loader = null;
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
