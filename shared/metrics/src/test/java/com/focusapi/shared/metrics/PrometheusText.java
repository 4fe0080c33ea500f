package com.focusapi.shared.metrics;

import java.util.Map;

/** Reads samples out of a Prometheus text exposition, as a scraper would. */
public final class PrometheusText {
    private PrometheusText() {}

    /** The sum of the samples of {@code name} carrying every label of {@code labels}; NaN when there is none. */
    public static double value(String text, String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (matches(line, name, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** How many series of {@code name} the text holds. */
    public static long series(String text, String name) {
        return text.lines().filter(line -> matches(line, name, Map.of())).count();
    }

    private static boolean matches(String line, String name, Map<String, String> labels) {
        if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
            return false;
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!line.contains(label.getKey() + "=\"" + label.getValue() + "\"")) {
                return false;
            }
        }
        return true;
    }
}
