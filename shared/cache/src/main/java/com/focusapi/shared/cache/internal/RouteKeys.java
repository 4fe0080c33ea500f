package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.CacheReads;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.UriRouteMatch;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The keys a route declares with {@link CacheReads}, resolved for one request. */
public final class RouteKeys {
    /** {@code {name}}, or {@code {name|today}}: the value of name, else today's date (UTC). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(\\|today)?}");
    /** What a placeholder may become: ids, dates, names. Anything else is not read ahead. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final String CALLER = "caller";
    /** Parsed once per route: the annotation lookup and the parse were a third of the read-ahead's cost. */
    private static final Map<RouteInfo<?>, List<Template>> TEMPLATES = new ConcurrentHashMap<>();

    private RouteKeys() {}

    public static List<String> declared(HttpRequest<?> request, long callerId) {
        RouteInfo<?> info = RouteAttributes.getRouteInfo(request).orElse(null);
        if (info == null) {
            return List.of();
        }
        List<Template> templates = TEMPLATES.computeIfAbsent(info, RouteKeys::parse);
        if (templates.isEmpty()) {
            return List.of();
        }
        Map<String, Object> pathVariables = RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getVariableValues())
                .orElse(Map.of());
        List<String> keys = new ArrayList<>(templates.size());
        for (Template template : templates) {
            String key = template.resolve(request, pathVariables, callerId);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The key, or null when a placeholder has no plain value in this request. */
    static String resolve(String template, HttpRequest<?> request, Map<String, Object> pathVariables, long callerId) {
        return Template.of(template).resolve(request, pathVariables, callerId);
    }

    private static List<Template> parse(RouteInfo<?> info) {
        List<Template> templates = new ArrayList<>();
        for (String template : info.getAnnotationMetadata().stringValues(CacheReads.class)) {
            templates.add(Template.of(template));
        }
        return List.copyOf(templates);
    }

    /** A placeholder: the value named {@code name}, or today's UTC date when {@code todayByDefault} and absent. */
    private record Placeholder(String name, boolean todayByDefault) {}

    /** {@code literals[i]} precedes {@code placeholders[i]}; the last literal ends the key. */
    private record Template(String[] literals, Placeholder[] placeholders) {
        static Template of(String template) {
            List<String> literals = new ArrayList<>();
            List<Placeholder> placeholders = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(template);
            int last = 0;
            while (m.find()) {
                literals.add(template.substring(last, m.start()));
                placeholders.add(new Placeholder(m.group(1), m.group(2) != null));
                last = m.end();
            }
            literals.add(template.substring(last));
            return new Template(literals.toArray(String[]::new), placeholders.toArray(Placeholder[]::new));
        }

        String resolve(HttpRequest<?> request, Map<String, Object> pathVariables, long callerId) {
            StringBuilder key = new StringBuilder(literals[0]);
            for (int i = 0; i < placeholders.length; i++) {
                String name = placeholders[i].name();
                String value;
                if (CALLER.equals(name)) {
                    value = Long.toString(callerId);
                } else if (pathVariables.get(name) != null) {
                    value = pathVariables.get(name).toString();
                } else {
                    value = request.getParameters().get(name);
                }
                if (value == null && placeholders[i].todayByDefault()) {
                    // The routes' own "today" is the UTC date too; at midnight the two may differ, and the route
                    // then reads its key itself, as for any key not read ahead.
                    value = LocalDate.now(ZoneOffset.UTC).toString();
                }
                if (value == null || !PLAIN_VALUE.matcher(value).matches()) {
                    return null;
                }
                key.append(value).append(literals[i + 1]);
            }
            return key.toString();
        }
    }
}
