package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.CacheReads;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.UriRouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The keys a route declares with {@link CacheReads}, resolved for one request. */
public final class RouteKeys {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** What a placeholder may become: ids, dates, names. Anything else is not read ahead. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RouteKeys() {}

    public static List<String> declared(HttpRequest<?> request, long callerId) {
        RouteInfo<?> info = RouteAttributes.getRouteInfo(request).orElse(null);
        if (info == null) {
            return List.of();
        }
        String[] templates = info.getAnnotationMetadata().stringValues(CacheReads.class);
        if (templates.length == 0) {
            return List.of();
        }
        Map<String, Object> pathVariables = RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getVariableValues())
                .orElse(Map.of());
        List<String> keys = new ArrayList<>(templates.length);
        for (String template : templates) {
            String key = resolve(template, request, pathVariables, callerId);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The key, or null when a placeholder has no plain value in this request. */
    static String resolve(String template, HttpRequest<?> request, Map<String, Object> pathVariables, long callerId) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder key = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if ("caller".equals(name)) {
                value = Long.toString(callerId);
            } else if (pathVariables.get(name) != null) {
                value = pathVariables.get(name).toString();
            } else {
                value = request.getParameters().get(name);
            }
            if (value == null || !PLAIN_VALUE.matcher(value).matches()) {
                return null;
            }
            m.appendReplacement(key, Matcher.quoteReplacement(value));
        }
        m.appendTail(key);
        return key.toString();
    }
}
