package com.focusapi.local;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.shared.http.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The OpenAPI 3.1 document of the whole API, {@code GET /api/openapi.yml}: the documents micronaut-openapi
 * generates from each function's controllers at compile time ({@code META-INF/swagger/<module>.yml} in the
 * function's jar, a few KB) merged into one. The merge adds what the controllers cannot say once for all:
 *
 * <ul>
 *   <li>the error answers: every error is an RFC 9457 problem ({@code application/problem+json}, the {@code
 *       Problem} schema): 400 for an operation that takes input, 401 for one that needs the bearer token, 404
 *       for one with a path parameter, 503 (database unavailable) for every one, and {@code 4XX} for the other
 *       client errors an operation may answer (403, 409, 413, 415, 422, 429...);
 *   <li>the limits of {@code page} and {@code page_size} ({@code Page.check}, the same for every list), and
 *       operation ids prefixed with the function's tag ({@code activities.list}), unique across functions;
 *   <li>two corrections of the generator's output: a query parameter with a default value is optional (it is
 *       {@code required} in the generated document), and a {@code @Nullable} value is its type or {@code null}
 *       (micronaut-openapi 6.19 also lists {@code object}, which no such field accepts).
 * </ul>
 */
final class OpenApiDocument {
    static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiDocument() {}

    /** The merged document of every function of {@code functions} that has one, as YAML. */
    static String yaml(Collection<FunctionDefinition> functions) throws IOException {
        List<Map<String, Object>> parts = new ArrayList<>();
        for (FunctionDefinition function : functions) {
            if (Files.isRegularFile(function.jar())) {
                parts.addAll(read(function));
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return new Yaml(new Representer(options), options).dump(merge(parts));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> read(FunctionDefinition function) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (ZipFile jar = new ZipFile(function.jar().toFile())) {
            for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith("META-INF/swagger/") && name.endsWith(".yml")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        documents.add(
                                (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
                    }
                }
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(List<Map<String, Object>> parts) {
        Map<String, Object> paths = new TreeMap<>();
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Object> securitySchemes = new TreeMap<>();
        Map<String, Map<String, Object>> tags = new TreeMap<>();
        for (Map<String, Object> part : parts) {
            map(part, "paths").forEach((path, item) -> {
                Map<String, Object> merged = (Map<String, Object>) paths.computeIfAbsent(path, p -> new TreeMap<>());
                merged.putAll((Map<String, Object>) item);
            });
            Map<String, Object> components = map(part, "components");
            map(components, "schemas").forEach(schemas::putIfAbsent);
            map(components, "securitySchemes").forEach(securitySchemes::putIfAbsent);
            for (Object tag : list(part, "tags")) {
                Map<String, Object> t = (Map<String, Object>) tag;
                tags.putIfAbsent((String) t.get("name"), t);
            }
        }
        schemas.put(PROBLEM_SCHEMA, problemSchema());
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                complete(path, (Map<String, Object>) operation);
            }
        }));
        normalizeTypes(paths);
        normalizeTypes(schemas);

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Focus API");
        info.put("version", "0.1.0");
        info.put(
                "description",
                "Screen-time tracking, blocked apps and challenges. Every error is an RFC 9457 problem"
                        + " (application/problem+json). Authenticated operations take the access token of"
                        + " POST /api/auth/login as \"Authorization: Bearer <token>\".");
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put("securitySchemes", securitySchemes);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", info);
        if (!tags.isEmpty()) {
            document.put("tags", new ArrayList<>(tags.values()));
        }
        document.put("paths", paths);
        document.put("components", components);
        return document;
    }

    /** The error answers of one operation, and its optional query parameters. */
    @SuppressWarnings("unchecked")
    private static void complete(String path, Map<String, Object> operation) {
        // Unique across functions ("list" is in several): prefixed with the function's tag.
        if (operation.get("tags") instanceof List<?> tags && !tags.isEmpty() && operation.get("operationId") != null) {
            operation.put("operationId", tags.get(0) + "." + operation.get("operationId"));
        }
        Map<String, Object> responses =
                (Map<String, Object>) operation.computeIfAbsent("responses", k -> new LinkedHashMap<>());
        List<Object> parameters = (List<Object>) operation.getOrDefault("parameters", List.of());
        for (Object p : parameters) {
            Map<String, Object> parameter = (Map<String, Object>) p;
            if ("query".equals(parameter.get("in"))
                    && parameter.get("schema") instanceof Map<?, ?> schema
                    && schema.containsKey("default")) {
                parameter.put("required", false);
            }
        }
        for (Object p : parameters) {
            Map<String, Object> parameter = (Map<String, Object>) p;
            // Page.check's limits, the same for every list (shared/core): a page beyond them is a 400.
            if ("query".equals(parameter.get("in")) && parameter.get("schema") instanceof Map<?, ?> schema) {
                if ("page".equals(parameter.get("name"))) {
                    ((Map<String, Object>) schema).put("minimum", 1);
                    ((Map<String, Object>) schema).put("maximum", Page.MAX_PAGE);
                } else if ("page_size".equals(parameter.get("name"))) {
                    ((Map<String, Object>) schema).put("minimum", 1);
                    ((Map<String, Object>) schema).put("maximum", Page.MAX_PAGE_SIZE);
                }
            }
        }
        // The pages the email links open (EmailLinkPages) answer a browser's errors as a page too.
        boolean html = responses.get("200") instanceof Map<?, ?> ok
                && ok.get("content") instanceof Map<?, ?> content
                && content.containsKey("text/html");
        boolean input = !parameters.isEmpty() || operation.containsKey("requestBody");
        boolean secured = operation.get("security") instanceof List<?> security && !security.isEmpty();
        if (input) {
            responses.putIfAbsent(
                    "400", problem(html, "The request is invalid: the problem names each invalid field."));
        }
        if (secured) {
            responses.putIfAbsent("401", problem(html, "No valid access token (Authorization: Bearer)."));
        }
        if (path.contains("{")) {
            responses.putIfAbsent("404", problem(html, "No such resource, or not one the caller may see."));
        }
        responses.putIfAbsent("4XX", problem(html, "Any other client error (403, 405, 409, 413, 415, 422, 429...)."));
        responses.putIfAbsent("503", problem(html, "The database is unavailable: try again later."));
    }

    private static Map<String, Object> problem(boolean html, String description) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("application/problem+json", Map.of("schema", Map.of("$ref", PROBLEM_REF)));
        if (html) {
            content.put("text/html", Map.of("schema", Map.of("type", "string")));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("description", description);
        response.put("content", content);
        return response;
    }

    /** The RFC 9457 problem of {@code shared/core}'s {@code Problem} record. */
    private static Map<String, Object> problemSchema() {
        Map<String, Object> fieldError = new LinkedHashMap<>();
        fieldError.put("type", "object");
        fieldError.put(
                "properties",
                Map.of(
                        "field", Map.of("type", "string"),
                        "message", Map.of("type", "string")));
        fieldError.put("required", List.of("field", "message"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("type", "string", "description", "A stable URI per status."));
        properties.put("title", Map.of("type", "string"));
        properties.put("status", Map.of("type", "integer", "minimum", 100, "maximum", 599));
        properties.put("detail", Map.of("type", "string"));
        properties.put("instance", Map.of("type", "string"));
        properties.put("errors", Map.of("type", "array", "items", fieldError));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("description", "An RFC 9457 problem detail; errors names each invalid field.");
        schema.put("properties", properties);
        schema.put("required", List.of("type", "title", "status"));
        return schema;
    }

    /** {@code type: [string, "null", object]} (a {@code @Nullable} string) becomes {@code [string, "null"]}. */
    @SuppressWarnings("unchecked")
    private static void normalizeTypes(Object node) {
        if (node instanceof Map<?, ?> map) {
            Object type = map.get("type");
            if (type instanceof List<?> types
                    && types.contains("object")
                    && types.stream().anyMatch(t -> !"object".equals(t) && !"null".equals(t))) {
                List<Object> kept = new ArrayList<>(types);
                kept.remove("object");
                ((Map<String, Object>) map).put("type", kept);
            }
            map.values().forEach(OpenApiDocument::normalizeTypes);
        } else if (node instanceof List<?> list) {
            list.forEach(OpenApiDocument::normalizeTypes);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> ? (List<Object>) value : List.of();
    }
}
