package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.local.SamTemplate.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code GET /api/openapi.yml} and {@code GET /api/docs} of the local API, over the real function jars: the
 * merged document parses, has every route of template.yaml with its request and response schemas, the
 * spec's constraints, the bearer scheme on the authenticated operations and problem+json errors; the Swagger
 * UI page and its assets load from the local API itself. No function is started: the documents are read
 * from the jars.
 */
class ApiDocsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static List<FunctionDefinition> functions;
    private static HttpGateway gateway;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        functions = SamTemplate.load(Path.of("../template.yaml")).functions();
        Map<String, FunctionHost> hosts = new LinkedHashMap<>();
        for (FunctionDefinition function : functions) {
            hosts.put(function.logicalId(), new FunctionHost(function, Map.of()));
        }
        gateway = new HttpGateway(0, new RouteTable(functions), hosts, "/metrics", () -> "");
        gateway.start();
        base = "http://localhost:" + gateway.port();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws Exception {
        HttpResponse<String> response = get("/api/openapi.yml");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(response.body());
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... keys) {
        Object value = node;
        for (String key : keys) {
            assertThat(value).as("a map at " + key).isInstanceOf(Map.class);
            value = ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    @Test
    void theDocumentHasEveryRouteOfTheTemplateWithItsSecurityAndProblems() throws Exception {
        Map<String, Object> document = document();
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        assertThat((Object) at(document, "components", "securitySchemes", "bearerAuth", "scheme"))
                .isEqualTo("bearer");

        List<String> missing = new ArrayList<>();
        int routes = 0;
        for (FunctionDefinition function : functions) {
            for (Route route : function.routes()) {
                routes++;
                Map<String, Object> item = at(document, "paths", route.path());
                Object operation = item == null ? null : item.get(route.method().toLowerCase(Locale.ROOT));
                if (operation == null) {
                    missing.add(route.method() + " " + route.path());
                    continue;
                }
                // Every operation answers its errors as problems; the authenticated ones say so.
                Map<String, Object> problem = at(operation, "responses", "4XX", "content", "application/problem+json");
                assertThat((Object) at(problem, "schema", "$ref")).isEqualTo("#/components/schemas/Problem");
                boolean open = route.path().startsWith("/api/auth/")
                        || route.path().equals("/api/health")
                        || !route.path().startsWith("/api/");
                Object security = at(operation, "security");
                assertThat(security)
                        .as(route.method() + " " + route.path() + " security")
                        .isEqualTo(open ? null : List.of(Map.of("bearerAuth", List.of())));
                if (!open) {
                    assertThat((Object) at(operation, "responses", "401")).isNotNull();
                }
            }
        }
        assertThat(routes).as("routes in template.yaml").isGreaterThan(40);
        assertThat(missing).as("template routes missing from /api/openapi.yml").isEmpty();
    }

    @Test
    void schemasCarryTheSpecsConstraintsInTheWireFormat() throws Exception {
        Map<String, Object> schemas = at(document(), "components", "schemas");
        Map<String, Object> activity = at(schemas, "ActivityRequest", "properties");
        assertThat((Object) at(activity, "app_name", "maxLength")).isEqualTo(100);
        assertThat((Object) at(activity, "duration_minutes", "maximum")).isEqualTo(1440);
        assertThat((Object) at(activity, "start_time", "format")).isEqualTo("date-time");
        assertThat((List<Object>) at(schemas, "ActivityRequest", "required")).contains("app_name", "duration_minutes");
        // @Nullable: the type or null, not "object" too (the generator's extra, removed by the merge).
        assertThat((Object) at(activity, "app_package", "type")).isEqualTo(List.of("string", "null"));
        assertThat((Object) at(schemas, "AuthRequests.Register", "properties", "email", "format"))
                .isEqualTo("email");
        assertThat((Object) at(schemas, "AuthRequests.Register", "properties", "username", "maxLength"))
                .isEqualTo(50);
        assertThat((Object) at(schemas, "UserRequests.UpdateProfile", "properties", "username", "minLength"))
                .isEqualTo(3);
        assertThat((Object) at(schemas, "Problem", "properties", "status", "type"))
                .isEqualTo("integer");

        Map<String, Object> search = at(document(), "paths", "/api/users/search", "get");
        Map<String, Object> page = ((List<Map<String, Object>>) at(search, "parameters"))
                .stream().filter(p -> "page".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(page.get("required")).isEqualTo(false);
        assertThat((Object) at(page, "schema", "maximum")).isEqualTo(100_000);
        assertThat((Object) at(search, "operationId")).isEqualTo("users.search");
        assertThat((Object) at(document(), "paths", "/api/activities", "post", "responses", "201"))
                .isNotNull();
    }

    @Test
    void theSwaggerUiPageAndItsAssetsAreServedByTheLocalApi() throws Exception {
        HttpResponse<String> page = get("/api/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("/api/docs/swagger-ui-bundle.js", "url: \"/api/openapi.yml\"");

        HttpResponse<String> script = get("/api/docs/swagger-ui-bundle.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(script.body()).contains("SwaggerUIBundle");
        assertThat(get("/api/docs/swagger-ui-standalone-preset.js").statusCode())
                .isEqualTo(200);
        assertThat(get("/api/docs/swagger-ui.css").statusCode()).isEqualTo(200);
        assertThat(get("/api/docs/nothing-here.js").statusCode()).isEqualTo(404);
    }
}
