package com.focusapi.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The property names Micronaut derives from an environment variable: {@code DATABASE_SECRET_ARN} may mean
 * {@code database.secret.arn}, {@code database.secret-arn}, {@code database-secret.arn}... Micronaut tries
 * every split; the local API passes template variables as properties, so it produces the same set.
 */
final class PropertyNames {
    private PropertyNames() {}

    static List<String> fromEnvironmentVariable(String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("_");
        List<String> names = new ArrayList<>();
        int separators = parts.length - 1;
        if (separators > 6) {
            names.add(String.join(".", parts));
            return names;
        }
        for (int mask = 0; mask < (1 << separators); mask++) {
            StringBuilder property = new StringBuilder(parts[0]);
            for (int i = 1; i < parts.length; i++) {
                property.append((mask & (1 << (i - 1))) != 0 ? '-' : '.').append(parts[i]);
            }
            names.add(property.toString());
        }
        return names;
    }
}
