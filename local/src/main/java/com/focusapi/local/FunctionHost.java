package com.focusapi.local;

import com.focusapi.local.SamTemplate.FunctionDefinition;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One function's execution environment: its own shaded jar in its own class loader (parent: the platform
 * loader, so nothing of the local API leaks in), a cold start on first use, then one invocation at a time,
 * as one Lambda environment serves them. The handler is reached through the local bridge's
 * {@code LocalInvocationBridge} with strings only, defined inside that loader by {@link FunctionClassLoader}.
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

    public FunctionHost(FunctionDefinition definition, Map<String, Object> properties) {
        this.definition = definition;
        this.properties = properties;
    }

    public FunctionDefinition definition() {
        return definition;
    }

    /** Runs one payload 2.0 event and returns the response JSON. Starts the function first if needed. */
    public String invoke(String eventJson) throws Exception {
        return (String) callStarted(() -> invoke, eventJson);
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
        loader = new FunctionClassLoader("function-" + definition.logicalId(), definition.jar());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> type = Class.forName(BRIDGE, true, loader);
            bridge = type.getConstructor(String.class, String.class, Map.class, int.class, int.class)
                    .newInstance(definition.logicalId(), definition.handler(), properties, definition.memoryMb(),
                            definition.timeoutSeconds());
            invoke = type.getMethod("invoke", String.class);
            scrape = type.getMethod("scrapePrometheus");
            routes = type.getMethod("routes");
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
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
            // The loader is not closed: Netty's and Lettuce's threads may still be finishing their last task
            // and need its classes; it goes away with the last thread that references it.
            loader = null;
            closed = true;
        } finally {
            lock.unlock();
        }
    }
}
