package com.focusapi.shared.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * {@code Cache-Control: no-store} on every answer of every function, errors included, unless the route set
 * its own. Decided once here rather than per route: almost every answer carries tokens (auth) or personal
 * data (profiles, statistics, activities, limits, challenges, admin lists), and a route added later is covered
 * without anyone remembering to. No answer of the API gains from a shared or browser cache: the Redis cache
 * is where reads are made cheap.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class NoStoreFilter implements Ordered {
    public static final String NO_STORE = "no-store";

    /** Outermost, so that it also sees answers an inner filter gave on its own (a 413, a 400). */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }

    @ResponseFilter
    public void noStore(MutableHttpResponse<?> response) {
        if (!response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.header(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
    }
}
