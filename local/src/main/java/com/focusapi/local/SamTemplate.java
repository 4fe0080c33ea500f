package com.focusapi.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * What the local API needs from {@code template.yaml}: each {@code AWS::Serverless::Function}, its code
 * folder, handler, memory, timeout, environment variables and {@code HttpApi} routes. CloudFormation
 * intrinsics ({@code !Ref}, {@code !Sub}, ...) cannot be resolved here; values that use them are skipped,
 * and the local API supplies those settings itself (database, Redis).
 */
public record SamTemplate(Path directory, List<FunctionDefinition> functions) {

    /** One route of an HttpApi event: {@code GET /api/users/{id}}. */
    public record Route(String method, String path) {
        public String routeKey() {
            return method + " " + path;
        }
    }

    public record FunctionDefinition(
            String logicalId,
            Path codeUri,
            String handler,
            int memoryMb,
            int timeoutSeconds,
            Map<String, String> environment,
            List<Route> routes) {
        /** The shaded jar the function module builds: the one Lambda runs. */
        public Path jar() {
            return codeUri.resolve("target").resolve("function.jar");
        }
    }

    /** A CloudFormation intrinsic function whose value is unknown locally. */
    private static final Object UNRESOLVED = new Object();

    public static SamTemplate load(Path file) throws IOException {
        Yaml yaml = new Yaml(new IntrinsicsIgnoringConstructor());
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = yaml.load(reader);
        }
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        Map<String, Object> resources = map(root.get("Resources"));
        List<FunctionDefinition> functions = new ArrayList<>();
        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            Map<String, Object> resource = map(entry.getValue());
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, String> environment = new LinkedHashMap<>();
            environment.putAll(variables(globals));
            environment.putAll(variables(properties));
            List<Route> routes = new ArrayList<>();
            for (Object event : map(properties.get("Events")).values()) {
                Map<String, Object> eventMap = map(event);
                if ("HttpApi".equals(eventMap.get("Type"))) {
                    Map<String, Object> eventProperties = map(eventMap.get("Properties"));
                    String method = String.valueOf(eventProperties.getOrDefault("Method", "ANY"))
                            .toUpperCase();
                    String path = String.valueOf(eventProperties.getOrDefault("Path", "/{proxy+}"));
                    routes.add(new Route(method.equals("*") ? "ANY" : method, path));
                }
            }
            String codeUri = string(properties.get("CodeUri"), string(globals.get("CodeUri"), "."));
            functions.add(new FunctionDefinition(
                    entry.getKey(),
                    file.toAbsolutePath().getParent().resolve(codeUri).normalize(),
                    string(properties.get("Handler"), string(globals.get("Handler"), null)),
                    integer(properties.get("MemorySize"), integer(globals.get("MemorySize"), 1024)),
                    integer(properties.get("Timeout"), integer(globals.get("Timeout"), 20)),
                    environment,
                    routes));
        }
        return new SamTemplate(file.toAbsolutePath().getParent(), functions);
    }

    public FunctionDefinition function(String logicalId) {
        return functions.stream()
                .filter(f -> f.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No function " + logicalId
                        + " in template.yaml; known: "
                        + functions.stream().map(FunctionDefinition::logicalId).toList()));
    }

    private static Map<String, String> variables(Map<String, Object> functionProperties) {
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, Object> variables =
                map(map(functionProperties.get("Environment")).get("Variables"));
        variables.forEach((name, value) -> {
            if (value != null && value != UNRESOLVED && !(value instanceof Map) && !(value instanceof List)) {
                result.put(name, String.valueOf(value));
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object value, String fallback) {
        return value == null || value == UNRESOLVED ? fallback : String.valueOf(value);
    }

    private static int integer(Object value, int fallback) {
        return value instanceof Number n ? n.intValue() : fallback;
    }

    /** CloudFormation's short-form intrinsic tags ({@code !Ref}, {@code !If}...), the ones a YAML reader must know. */
    static final List<String> INTRINSIC_TAGS = List.of(
            "Ref",
            "Sub",
            "GetAtt",
            "If",
            "Not",
            "Equals",
            "And",
            "Or",
            "Join",
            "Select",
            "Split",
            "FindInMap",
            "ImportValue",
            "GetAZs",
            "Base64",
            "Cidr",
            "Condition",
            "Transform");

    /** Reads {@code !Ref}, {@code !Sub}, {@code !If}... as "unresolved" instead of failing on the tag. */
    private static final class IntrinsicsIgnoringConstructor extends SafeConstructor {
        IntrinsicsIgnoringConstructor() {
            super(new LoaderOptions());
            AbstractConstruct unresolved = new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return UNRESOLVED;
                }
            };
            for (String tag : INTRINSIC_TAGS) {
                this.yamlConstructors.put(new Tag("!" + tag), unresolved);
            }
        }
    }
}
