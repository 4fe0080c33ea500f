package com.focusapi.shared.testing.internal;

import com.focusapi.shared.cache.RedisConnectionProvider;
import io.micronaut.context.ApplicationContext;

/**
 * Waits for a function's first Redis connection. Its init waits only a bounded time and then connects in the
 * background; on a cold JVM on a busy machine that is later than a cache suite's first request, which then
 * finds no cache. Loaded only by suites that enable the cache (focus-cache is an optional dependency here).
 */
public final class CacheConnection {
    private CacheConnection() {}

    /** Returns when connected, or quietly after 30 s (the suite's own assertions then say what is wrong). */
    public static void await(ApplicationContext context) {
        RedisConnectionProvider provider = context.getBean(RedisConnectionProvider.class);
        long deadline = System.currentTimeMillis() + 30_000;
        while (provider.commands().isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
