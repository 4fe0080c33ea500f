package com.focusapi.shared.cache.internal;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Entries read ahead for the request being served (one MGET at the caller binding), kept as an attribute of
 * that request, so they can never outlive it or leak into another one. Each entry is taken once: a second
 * read of the key in the same request goes to Redis. Any write, delete or invalidation by the request drops
 * what it read ahead, so a request never reads back a value older than its own write.
 */
public final class RequestPrefetch {
    private static final String ATTRIBUTE = "focus.cache.prefetched";

    private RequestPrefetch() {}

    /** Keeps {@code entries} (key → JSON, or null for an absent key) for the current request, if there is one. */
    static void keep(Map<String, String> entries) {
        ServerRequestContext.currentRequest().ifPresent(request -> request.setAttribute(ATTRIBUTE, entries));
    }

    /**
     * The entry read ahead for {@code key} in this request, removed; empty when it was not read ahead (the caller
     * then asks Redis). An inner empty means "read ahead and absent".
     */
    static Optional<Optional<String>> take(String key) {
        Map<String, String> entries = current();
        if (entries == null || !entries.containsKey(key)) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(entries.remove(key)));
    }

    static void forget(String key) {
        Map<String, String> entries = current();
        if (entries != null) {
            entries.remove(key);
        }
    }

    public static void forgetAll() {
        Map<String, String> entries = current();
        if (entries != null) {
            entries.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> current() {
        Optional<HttpRequest<Object>> request = ServerRequestContext.currentRequest();
        if (request.isEmpty()) {
            return null;
        }
        return (Map<String, String>) request.get().getAttribute(ATTRIBUTE).orElse(null);
    }

    static Map<String, String> newEntries() {
        return new HashMap<>();
    }
}
