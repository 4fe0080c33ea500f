package com.focusapi.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the Prometheus text of several registries into one valid exposition: each metric family appears
 * once (one HELP, one TYPE) with the samples of every function. The samples do not collide because every
 * function tags its meters with {@code function="<name>"}.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    private static final class Family {
        String help;
        String type;
        final List<String> samples = new ArrayList<>();
    }

    public static String merge(List<String> expositions) {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String text : expositions) {
            Family current = null;
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ", 4);
                    current = families.computeIfAbsent(parts[2], k -> new Family());
                    if (line.startsWith("# HELP ") && current.help == null) {
                        current.help = line;
                    } else if (line.startsWith("# TYPE ") && current.type == null) {
                        current.type = line;
                    }
                } else if (!line.startsWith("#")) {
                    if (current == null) {
                        current = families.computeIfAbsent(sampleName(line), k -> new Family());
                    }
                    current.samples.add(line);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        families.values().forEach(family -> {
            if (family.help != null) {
                out.append(family.help).append('\n');
            }
            if (family.type != null) {
                out.append(family.type).append('\n');
            }
            family.samples.forEach(sample -> out.append(sample).append('\n'));
        });
        return out.toString();
    }

    private static String sampleName(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        return line.substring(0, end);
    }
}
