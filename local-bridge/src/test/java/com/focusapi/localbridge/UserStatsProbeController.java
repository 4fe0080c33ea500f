package com.focusapi.localbridge;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Map;

/** A route with a path parameter, so the scrape shows the route template as the endpoint label, not the path. */
@Controller("/test/users")
class UserStatsProbeController {
    @Get("/{id}/stats")
    Map<String, Object> stats(long id) {
        return Map.of("user_id", id);
    }
}
