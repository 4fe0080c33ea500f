package com.focusapi.shared.testapp;

import com.focusapi.shared.cache.CacheService;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A request path that reads through the cache, to show it answers whatever Redis does. */
@Controller("/test/cache")
public class CachedItemController {
    private final CacheService cache;
    private final AtomicInteger loads = new AtomicInteger();

    public CachedItemController(CacheService cache) {
        this.cache = cache;
    }

    @Get("/{id}")
    public Map<String, Integer> item(long id) {
        return cache.getOrLoad(
                "item:" + id,
                Duration.ofMinutes(1),
                Argument.mapOf(String.class, Integer.class),
                () -> Map.of("id", (int) id, "loads", loads.incrementAndGet()));
    }
}
