package com.focusapi.shared.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;

/**
 * Values PostgreSQL cannot store are refused where they enter, as a 400 naming the field, for every field of
 * every message at once: a string holding the NUL character (PostgreSQL's text types reject it) and a date or
 * date-time outside years 0000–9999 (ISO-8601's four-digit years; PostgreSQL's timestamps end in 294276, and the
 * arithmetic the services do on dates must not overflow). Query and path values are checked by
 * {@link RequestHygieneFilter}.
 */
final class StorableValues {
    static final int MIN_YEAR = 0;
    static final int MAX_YEAR = 9999;
    static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";
    static final String YEAR_MESSAGE = "must have a four-digit year (0000 to 9999)";

    private StorableValues() {}

    static boolean hasNul(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    /** A value refused with the message the client sees in {@code errors[].message}. */
    static final class RejectedValueException extends InvalidFormatException {
        private final String expectation;

        RejectedValueException(JsonParser parser, String expectation, Object value, Class<?> type) {
            super(parser, "Rejected value: " + expectation, value, type);
            this.expectation = expectation;
        }

        String expectation() {
            return expectation;
        }
    }

    /** Jackson's own string reading, then no NUL. */
    static final class NulFreeStrings extends StdScalarDeserializer<String> {
        NulFreeStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (hasNul(value)) {
                throw new RejectedValueException(parser, NUL_MESSAGE, value, String.class);
            }
            return value;
        }
    }

    /**
     * {@code reader}'s value (JavaTimeModule's ISO-8601 date-time with offset, the spec's lenient date),
     * then a year in range.
     */
    static final class BoundedYears<T extends Temporal> extends StdScalarDeserializer<T> {
        private final JsonDeserializer<T> reader;

        BoundedYears(Class<T> type, JsonDeserializer<T> reader) {
            super(type);
            this.reader = reader;
        }

        static BoundedYears<OffsetDateTime> offsetDateTimes() {
            return new BoundedYears<>(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME);
        }

        static BoundedYears<LocalDate> dates() {
            return new BoundedYears<>(LocalDate.class, new LenientLocalDateDeserializer());
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            T value = reader.deserialize(parser, context);
            if (value != null) {
                int year = value.get(ChronoField.YEAR);
                if (year < MIN_YEAR || year > MAX_YEAR) {
                    throw new RejectedValueException(parser, YEAR_MESSAGE, parser.getText(), handledType());
                }
            }
            return value;
        }
    }
}
