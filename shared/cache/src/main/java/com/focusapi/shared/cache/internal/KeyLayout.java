package com.focusapi.shared.cache.internal;

import java.util.regex.Pattern;

/**
 * Where a logical key ({@code user:123:profile}) lives in Redis. Every physical key starts with the
 * application's namespace and schema version, and its family ({@code user:123}: the first two segments)
 * is wrapped in a Redis Cluster hash tag: {@code focus:v1:{user:123}:profile}. So all keys of one entity,
 * its tag set ({@code ~keys}), its generation counter ({@code ~gen}) and its single-flight locks sit in one
 * slot, and the Lua scripts that touch several of them run atomically on a cluster too.
 */
public final class KeyLayout {
    /** Characters a logical key may not contain: they are the layout's own separators or glob syntax. */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\s{}~*?\\[\\]\\\\]");

    private static final String LOCK_SUFFIX = "~lock";

    private final String prefix;

    public KeyLayout(String namespace, int schemaVersion) {
        this.prefix = namespace + ":v" + schemaVersion + ":";
    }

    /** {@code user:123:profile} → {@code user:123}; {@code config} → {@code config}. */
    public static String family(String key) {
        int first = key.indexOf(':');
        if (first < 0) {
            return key;
        }
        int second = key.indexOf(':', first + 1);
        return second < 0 ? key : key.substring(0, second);
    }

    public static String validate(String key) {
        if (key == null || key.isEmpty() || FORBIDDEN.matcher(key).find()) {
            throw new IllegalArgumentException(
                    "Invalid cache key (empty, or contains whitespace, {, }, ~ or glob characters): " + key);
        }
        return key;
    }

    public String data(String key) {
        String family = family(validate(key));
        return prefix + "{" + family + "}" + key.substring(family.length());
    }

    public String tagSet(String family) {
        return prefix + "{" + validate(family) + "}~keys";
    }

    public String generation(String family) {
        return prefix + "{" + validate(family) + "}~gen";
    }

    public String lock(String key) {
        return data(key) + LOCK_SUFFIX;
    }

    /** The logical key a single-flight lock guards, or null for any other physical key. */
    public String lockedKey(String physical) {
        return physical.endsWith(LOCK_SUFFIX)
                ? logical(physical.substring(0, physical.length() - LOCK_SUFFIX.length()))
                : null;
    }

    /** Everything of this application and schema version, for SCAN MATCH. */
    public String namespacePattern() {
        return globEscape(prefix) + "*";
    }

    /** The logical key of a physical data key, or null for the layout's own keys (tag sets, counters, locks). */
    public String logical(String physical) {
        if (!physical.startsWith(prefix) || physical.indexOf('~') >= 0) {
            return null;
        }
        String rest = physical.substring(prefix.length());
        int close = rest.indexOf('}');
        if (!rest.startsWith("{") || close < 0) {
            return null;
        }
        return rest.substring(1, close) + rest.substring(close + 1);
    }

    /** The family of a physical key of this layout (data, tag set, counter or lock), or null for any other key. */
    public String familyOfPhysical(String physical) {
        if (!physical.startsWith(prefix)
                || physical.length() <= prefix.length()
                || physical.charAt(prefix.length()) != '{') {
            return null;
        }
        int close = physical.indexOf('}', prefix.length());
        if (close < 0) {
            return null;
        }
        String family = physical.substring(prefix.length() + 1, close);
        return family.isEmpty() || FORBIDDEN.matcher(family).find() ? null : family;
    }

    public boolean isGeneration(String physical) {
        return physical.startsWith(prefix) && physical.endsWith("}~gen");
    }

    /** A Redis glob ({@code *}, {@code ?}, {@code [..]}) as a Java regex over logical keys. */
    public static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, end);
                        // Redis and Java agree on [abc], [a-z] and [^a]; only a backslash needs doubling.
                        regex.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    if (i + 1 < glob.length()) {
                        regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String globEscape(String literal) {
        return literal.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
