package com.focusapi.benchmarks.lambda;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/** The cheapest route there is, so that the harness measures the handler, not the work. */
@Controller("/bench/ping")
public class PingController {
    @Get
    public Map<String, String> ping() {
        return Map.of("pong", "yes");
    }
}
