package com.focusapi.shared.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * A date field that also accepts a datetime and keeps its date part, as the earlier version's clients send
 * (spec, wire format): {@code 2026-11-26}, {@code 2026-11-26T21:30:00} and {@code 2026-11-26T21:30:00+01:00}
 * all give 2026-11-26 (the date as the client wrote it, not converted to UTC).
 */
public class LenientLocalDateDeserializer extends JsonDeserializer<LocalDate> {
    @Override
    public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            // A number or a boolean is not a date: no coercion beyond the spec's datetime-for-a-date.
            return (LocalDate) context.handleUnexpectedToken(
                    LocalDate.class, parser.currentToken(), parser, "expected YYYY-MM-DD");
        }
        String text = parser.getText();
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim();
        try {
            if (value.length() <= 10) {
                return LocalDate.parse(value);
            }
            try {
                return OffsetDateTime.parse(value).toLocalDate();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(value).toLocalDate();
            }
        } catch (DateTimeParseException e) {
            return (LocalDate) context.handleWeirdStringValue(LocalDate.class, value, "expected YYYY-MM-DD");
        }
    }
}
