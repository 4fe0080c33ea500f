package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.local.SamTemplate.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml and the controllers agree, route by route, for every HTTP function: each route a function's
 * Micronaut router serves under {@code /api/} has an HttpApi event in the template (or API Gateway never
 * sends it that request), and each HttpApi event of the function is served by one of its controllers (or
 * the request ends in that function's 404). The routes are read from the function's own shaded jar, in its
 * own class loader, as the local API runs it.
 *
 * <p>Scope: API Gateway forwards only what the template routes, and the template routes only {@code /api/...}.
 * A controller route outside {@code /api/} is not compared (Micronaut or a library may register some, such as
 * management endpoints; no function has them today). {@code /metrics} in particular is no function's route:
 * the template gives it to none (Lambda functions push their metrics to the Pushgateway and CloudWatch), and
 * locally it is the local API itself that serves it ({@code METRICS_ENDPOINT}). Template routes are all
 * compared, whatever their path.
 */
class RouteDriftTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String HTTP_HANDLER = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction";
    /** {@code {id:[0-9]+}} in a Micronaut URI template: the variable, without its regex. */
    private static final Pattern CONSTRAINED_VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+):[^}]*}");
    /** {@code {?q,limit}} / {@code {&page}}: query variables, which API Gateway does not route on. */
    private static final Pattern QUERY_VARIABLES = Pattern.compile("\\{[?&][^}]*}");

    @TempDir
    static Path dataDirectory;

    @TestFactory
    Stream<DynamicTest> everyHttpFunctionServesExactlyItsTemplateRoutes() throws Exception {
        List<FunctionDefinition> functions = SamTemplate.load(REPO.resolve("template.yaml")).functions().stream()
                .filter(function -> HTTP_HANDLER.equals(function.handler()))
                .toList();
        assertThat(functions).as("HTTP functions in template.yaml").isNotEmpty();
        return functions.stream()
                .map(function -> DynamicTest.dynamicTest(function.logicalId(), () -> compare(function)));
    }

    private static void compare(FunctionDefinition function) throws Exception {
        Set<String> templateRoutes = new TreeSet<>();
        for (Route route : function.routes()) {
            templateRoutes.add(route.method() + " " + route.path());
        }
        Set<String> controllerRoutes = new TreeSet<>();
        for (String route : routesOf(function)) {
            controllerRoutes.add(normalise(route));
        }

        List<String> drift = new ArrayList<>();
        for (String route : controllerRoutes) {
            if (path(route).startsWith("/api/")
                    && !templateRoutes.contains(route)
                    && !implicitHead(route, controllerRoutes)) {
                drift.add(function.logicalId() + ": " + route + " is served by a controller but template.yaml has no"
                        + " HttpApi event for it (API Gateway would never send it this request)");
            }
        }
        for (String route : templateRoutes) {
            if (!controllerRoutes.contains(route)) {
                drift.add(function.logicalId() + ": " + route + " is routed to it by template.yaml but no controller"
                        + " of the function serves it (the request would end in the function's 404)");
            }
        }
        assertThat(drift)
                .as("route drift between template.yaml and the controllers of " + function.logicalId()
                        + "\ncontroller routes: " + controllerRoutes + "\ntemplate routes: " + templateRoutes)
                .isEmpty();
    }

    @Test
    void micronautTemplatesAreComparedAsTheTemplateWritesThem() {
        assertThat(normalise("GET /api/users/{id:[0-9]+}/stats{?from,to}")).isEqualTo("GET /api/users/{id}/stats");
        assertThat(normalise("PUT /api/activities/{id}/")).isEqualTo("PUT /api/activities/{id}");
        assertThat(normalise("GET /api/users/search")).isEqualTo("GET /api/users/search");
    }

    /**
     * The function's router, read through its shaded jar. It starts without PostgreSQL or Redis: the pool
     * connects on first use, and the cache is off.
     */
    private static List<String> routesOf(FunctionDefinition function) throws Exception {
        EmbeddedServices.Endpoints nowhere = new EmbeddedServices.Endpoints(
                "jdbc:postgresql://127.0.0.1:9/unused", "postgres", "", false, null, false, false);
        try (FunctionHost host =
                new FunctionHost(function, LocalRuntime.properties(function, nowhere, dataDirectory, Map.of()))) {
            return host.routes();
        }
    }

    /** {@code GET /api/users/{id:[0-9]+}{?fields}} as the template writes it: {@code GET /api/users/{id}}. */
    static String normalise(String route) {
        String normalised = QUERY_VARIABLES.matcher(route).replaceAll("");
        Matcher constrained = CONSTRAINED_VARIABLE.matcher(normalised);
        normalised = constrained.replaceAll("{$1}");
        return normalised.length() > 1 && normalised.endsWith("/")
                ? normalised.substring(0, normalised.length() - 1)
                : normalised;
    }

    /**
     * A {@code HEAD} route Micronaut adds next to each {@code @Get} ({@code headRoute = true} by default): the
     * template routes the GET only, and API Gateway answers no HEAD for it. An explicit {@code @Head} with no
     * GET at the same path is still compared.
     */
    private static boolean implicitHead(String route, Set<String> controllerRoutes) {
        return route.startsWith("HEAD ") && controllerRoutes.contains("GET " + path(route));
    }

    private static String path(String route) {
        return route.substring(route.indexOf(' ') + 1);
    }
}
