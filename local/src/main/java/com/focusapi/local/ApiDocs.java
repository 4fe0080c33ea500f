package com.focusapi.local;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The API's documentation on the local API (not a route of template.yaml: no function serves it in AWS):
 * {@code GET /api/openapi.yml}, the merged OpenAPI document ({@link OpenApiDocument}), and {@code GET
 * /api/docs}, a Swagger UI page over it whose scripts and styles come from the {@code org.webjars:swagger-ui}
 * jar inside the local API's own jar ({@code /api/docs/<file>}): no internet at run time.
 */
final class ApiDocs {
    static final String DOCUMENT = "/api/openapi.yml";
    static final String PAGE = "/api/docs";
    /** The webjar's version (local/pom.xml): its files are under a folder of that name. */
    static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1/";

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "html", "text/html; charset=utf-8");

    private static final String HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Focus API</title>
              <link rel="stylesheet" href="/api/docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/api/docs/swagger-ui-bundle.js"></script>
              <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "/api/openapi.yml",
                  dom_id: "#swagger-ui",
                  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                  layout: "StandaloneLayout",
                  persistAuthorization: true
                });
              </script>
            </body>
            </html>
            """;

    private final List<FunctionDefinition> functions;
    private volatile byte[] document;

    ApiDocs(List<FunctionDefinition> functions) {
        this.functions = functions;
    }

    boolean serves(String path) {
        return path.equals(DOCUMENT) || path.equals(PAGE) || path.startsWith(PAGE + "/");
    }

    void serve(HttpExchange exchange, String path) throws IOException {
        if (path.equals(DOCUMENT)) {
            HttpGateway.send(exchange, 200, "application/yaml; charset=utf-8", document());
        } else if (path.equals(PAGE) || path.equals(PAGE + "/")) {
            HttpGateway.send(exchange, 200, TYPES.get("html"), HTML.getBytes(StandardCharsets.UTF_8));
        } else {
            String file = path.substring(PAGE.length() + 1);
            String extension = file.substring(file.lastIndexOf('.') + 1);
            InputStream asset = file.contains("..") || file.contains("/") || !TYPES.containsKey(extension)
                    ? null
                    : ApiDocs.class.getClassLoader().getResourceAsStream(SWAGGER_UI + file);
            if (asset == null) {
                HttpGateway.send(
                        exchange,
                        404,
                        "application/problem+json",
                        ("{\"type\":\"https://focus-api.dev/problems/not-found\",\"title\":\"Not Found\","
                                        + "\"status\":404,\"detail\":\"No such file of the documentation page\"}")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (asset) {
                HttpGateway.send(exchange, 200, TYPES.get(extension), asset.readAllBytes());
            }
        }
    }

    /** Merged once: the jars do not change while the local API runs. */
    private byte[] document() throws IOException {
        byte[] merged = document;
        if (merged == null) {
            merged = OpenApiDocument.yaml(functions).getBytes(StandardCharsets.UTF_8);
            document = merged;
        }
        return merged;
    }
}
