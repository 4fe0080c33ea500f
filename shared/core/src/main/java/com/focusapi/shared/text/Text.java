package com.focusapi.shared.text;

/** Normalisation of optional text fields of requests, the same in every function. */
public final class Text {
    private Text() {
    }

    /** {@code null} for null, empty or blank input; otherwise the value trimmed. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
