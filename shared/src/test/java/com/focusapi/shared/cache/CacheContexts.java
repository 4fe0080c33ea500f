package com.focusapi.shared.cache;

import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Application contexts of the cache suites: a real Redis, a namespace of their own, short timeouts. */
final class CacheContexts {
    private CacheContexts() {
    }

    static ApplicationContext start(String redisUrl, Object... extra) {
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
