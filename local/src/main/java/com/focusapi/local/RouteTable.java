package com.focusapi.local;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.local.SamTemplate.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API Gateway's route selection, as HTTP APIs document it: a static path beats a path with parameters,
 * which beats a greedy {@code {proxy+}} path; a route for the method beats {@code ANY}.
 */
public final class RouteTable {

    /** A request matched to a function, with the route key and path parameters of payload 2.0. */
    public record Match(FunctionDefinition function, Route route, Map<String, String> pathParameters) {}

    private record Entry(FunctionDefinition function, Route route, String[] segments) {
        boolean greedy() {
            return segments.length > 0 && segments[segments.length - 1].endsWith("+}");
        }

        long staticSegments() {
            return java.util.Arrays.stream(segments)
                    .filter(s -> !s.startsWith("{"))
                    .count();
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public RouteTable(List<FunctionDefinition> functions) {
        for (FunctionDefinition function : functions) {
            for (Route route : function.routes()) {
                entries.add(new Entry(function, route, split(route.path())));
            }
        }
        // Most specific first: non-greedy, more static segments, more segments, a concrete method.
        entries.sort(Comparator.comparing(Entry::greedy)
                .thenComparing(Comparator.comparingLong(Entry::staticSegments).reversed())
                .thenComparing(
                        Comparator.comparingInt((Entry e) -> e.segments.length).reversed())
                .thenComparing(e -> e.route.method().equals("ANY")));
    }

    public Optional<Match> match(String method, String path) {
        String[] requested = split(path);
        for (Entry entry : entries) {
            if (!entry.route.method().equals("ANY") && !entry.route.method().equalsIgnoreCase(method)) {
                continue;
            }
            Map<String, String> parameters = bind(entry.segments, requested);
            if (parameters != null) {
                return Optional.of(new Match(entry.function, entry.route, parameters));
            }
        }
        return Optional.empty();
    }

    /** The methods that some route accepts at this path: non-empty means "405", empty means "404". */
    public Set<String> methodsAt(String path) {
        String[] requested = split(path);
        Set<String> methods = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (bind(entry.segments, requested) != null) {
                methods.add(entry.route.method());
            }
        }
        return methods;
    }

    public List<Route> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String segment = pattern[i];
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i >= path.length) {
                    return null;
                }
                parameters.put(
                        segment.substring(1, segment.length() - 2),
                        String.join("/", List.of(path).subList(i, path.length)));
                return parameters;
            }
            if (i >= path.length) {
                return null;
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), path[i]);
            } else if (!segment.equals(path[i])) {
                return null;
            }
        }
        return pattern.length == path.length ? parameters : null;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
