package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.local.SamTemplate.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static FunctionDefinition function(String id, Route... routes) {
        return new FunctionDefinition(id, Path.of("."), "handler", 512, 10, Map.of(), List.of(routes));
    }

    private final RouteTable table = new RouteTable(List.of(
            function(
                    "Users",
                    new Route("GET", "/api/users/{id}"),
                    new Route("GET", "/api/users/me"),
                    new Route("GET", "/api/users/{id}/stats")),
            function("Catchall", new Route("ANY", "/api/{proxy+}")),
            function("Activities", new Route("POST", "/api/activities"), new Route("GET", "/api/activities"))));

    @Test
    void staticBeatsParameterBeatsGreedy() {
        assertThat(table.match("GET", "/api/users/me").orElseThrow().route().path())
                .isEqualTo("/api/users/me");
        RouteTable.Match byId = table.match("GET", "/api/users/42").orElseThrow();
        assertThat(byId.route().path()).isEqualTo("/api/users/{id}");
        assertThat(byId.pathParameters()).containsEntry("id", "42");
        assertThat(table.match("GET", "/api/users/42/stats").orElseThrow().pathParameters())
                .containsEntry("id", "42");
        RouteTable.Match greedy =
                table.match("DELETE", "/api/anything/deep/path").orElseThrow();
        assertThat(greedy.function().logicalId()).isEqualTo("Catchall");
        assertThat(greedy.pathParameters()).containsEntry("proxy", "anything/deep/path");
    }

    @Test
    void methodSelectsTheRoute() {
        assertThat(table.match("POST", "/api/activities").orElseThrow().route().routeKey())
                .isEqualTo("POST /api/activities");
        assertThat(table.match("GET", "/api/activities").orElseThrow().route().routeKey())
                .isEqualTo("GET /api/activities");
    }

    @Test
    void unknownPathsDoNotMatch() {
        RouteTable strict = new RouteTable(List.of(function("Health", new Route("GET", "/api/health"))));
        assertThat(strict.match("GET", "/api/healthz")).isEmpty();
        assertThat(strict.match("GET", "/api/health/x")).isEmpty();
        assertThat(strict.match("POST", "/api/health")).isEmpty();
        assertThat(strict.methodsAt("/api/health")).containsExactly("GET");
        assertThat(strict.methodsAt("/nothing")).isEmpty();
    }
}
