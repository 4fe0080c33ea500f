package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void familiesAppearOnceWithTheSamplesOfEveryFunction() {
        String health = """
                # HELP focus_api_http_requests_total Total HTTP requests
                # TYPE focus_api_http_requests_total counter
                focus_api_http_requests_total{function="health",status="200"} 3.0
                """;
        String users = """
                # HELP focus_api_http_requests_total Total HTTP requests
                # TYPE focus_api_http_requests_total counter
                focus_api_http_requests_total{function="users",status="200"} 5.0
                # HELP focus_api_cache_hits_total Cache hits
                # TYPE focus_api_cache_hits_total counter
                focus_api_cache_hits_total{function="users"} 2.0
                """;

        String merged = PrometheusText.merge(List.of(health, users, ""));

        assertThat(merged).isEqualTo("""
                # HELP focus_api_http_requests_total Total HTTP requests
                # TYPE focus_api_http_requests_total counter
                focus_api_http_requests_total{function="health",status="200"} 3.0
                focus_api_http_requests_total{function="users",status="200"} 5.0
                # HELP focus_api_cache_hits_total Cache hits
                # TYPE focus_api_cache_hits_total counter
                focus_api_cache_hits_total{function="users"} 2.0
                """);
    }
}
