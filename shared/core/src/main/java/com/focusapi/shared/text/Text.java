package com.focusapi.shared.text;

/** Normalisation and measure of the text fields of requests, the same in every function. */
public final class Text {
    private Text() {}

    /** {@code null} for null, empty or blank input; otherwise the value trimmed. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The length as a client counts it: characters (code points), an emoji counting one. */
    public static int length(CharSequence value) {
        return Character.codePointCount(value, 0, value.length());
    }
}
