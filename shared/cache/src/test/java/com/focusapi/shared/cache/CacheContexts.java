package com.focusapi.shared.cache;

import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Application contexts of the cache suites: a real Redis, a namespace of their own, short timeouts. */
final class CacheContexts {
    private CacheContexts() {}

    /** Started and connected: the suites use the cache at once, even on a cold, busy JVM. */
    static ApplicationContext start(String redisUrl, Object... extra) {
        return awaitConnected(startWithoutWaiting(redisUrl, extra));
    }

    /**
     * The init waits for Redis only a bounded time (connect timeout plus a second); on a cold JVM on a busy
     * machine the first connection can take longer and completes in the background. Wait for it (or give up
     * quietly after 30 s: a test of an unreachable Redis does not use this).
     */
    static ApplicationContext awaitConnected(ApplicationContext context) {
        com.focusapi.shared.cache.CacheSettings settings =
                context.getBean(com.focusapi.shared.cache.CacheSettings.class);
        RedisConnectionProvider provider = context.getBean(RedisConnectionProvider.class);
        long deadline = System.currentTimeMillis() + 30_000;
        while (settings.isEnabled() && provider.commands().isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return context;
    }

    static ApplicationContext startWithoutWaiting(String redisUrl, Object... extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("redis.url", redisUrl);
        properties.put("cache.namespace", "t" + UUID.randomUUID().toString().substring(0, 8));
        properties.put("cache.breaker-open-ms", 500);
        for (int i = 0; i < extra.length; i += 2) {
            properties.put((String) extra[i], extra[i + 1]);
        }
        return ApplicationContext.run(properties);
    }
}
