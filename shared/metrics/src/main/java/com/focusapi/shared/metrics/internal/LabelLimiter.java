package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.MetricNames;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a label whose values come from a short list written in code (the e-mail type) to a bounded number of
 * series: values are normalised (trimmed, lower case, a safe alphabet, at most 64 characters) and the first
 * {@code limit} distinct values of an execution environment are kept; every later value becomes
 * {@code other}. Free text that clients choose ({@code app_name}) goes through {@link TopLabels} instead,
 * which keeps the values with the most volume rather than the first seen.
 */
public final class LabelLimiter {
    static final int MAX_LENGTH = 64;

    private final int limit;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    public LabelLimiter(int limit) {
        this.limit = Math.max(0, limit);
    }

    public String admit(String raw) {
        String value = normalise(raw);
        if (admitted.contains(value)) {
            return value;
        }
        // Not atomic with the size check on purpose: under a race the set may exceed the limit by the number
        // of concurrent callers, which still bounds the series count.
        if (admitted.size() < limit) {
            admitted.add(value);
            return value;
        }
        return MetricNames.OTHER;
    }

    public int admittedCount() {
        return admitted.size();
    }

    public static String normalise(String raw) {
        if (raw == null) {
            return "unknown";
        }
        String lower = raw.trim().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(Math.min(lower.length(), MAX_LENGTH));
        boolean lastWasSpace = false;
        for (int i = 0; i < lower.length() && out.length() < MAX_LENGTH; i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-') {
                out.append(c);
                lastWasSpace = false;
            } else if (Character.isWhitespace(c) || Character.isLetterOrDigit(c)) {
                // Accented letters and spaces collapse to one '_' so "Candy  Crush" and "candy crush" match.
                if (!lastWasSpace && out.length() > 0) {
                    out.append('_');
                }
                lastWasSpace = true;
            }
        }
        while (out.length() > 0 && out.charAt(out.length() - 1) == '_') {
            out.setLength(out.length() - 1);
        }
        return out.length() == 0 ? "unknown" : out.toString();
    }
}
