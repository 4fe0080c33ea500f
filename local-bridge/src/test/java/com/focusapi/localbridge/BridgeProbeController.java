package com.focusapi.localbridge;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.util.Map;

/**
 * A templated route for {@link LocalInvocationBridgeMetricsTest}: its metrics must say
 * {@code /test/users/{id}/stats}, whatever the id. (The metrics module's probe controller that served it
 * before stays in that module's tests, off this module's classpath.)
 */
@Controller("/test/users")
class BridgeProbeController {

    @Get("/{id}/stats")
    Map<String, Object> stats(@PathVariable long id) {
        return Map.of("id", id);
    }
}
