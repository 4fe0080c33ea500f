package com.focusapi.shared.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The wire format of the spec for every function: snake_case names, ISO-8601 dates, and strict input: unknown
 * fields, values of the wrong JSON type ({@code "5"} or {@code 5.7} for an integer, {@code 123} for a string)
 * and numbers out of range are a 400 naming the field, never silently coerced. The one coercion kept is the
 * spec's: a datetime where a date is expected. Values PostgreSQL cannot store (a NUL in a string, a year
 * outside 0000–9999) are a 400 naming the field too ({@link StorableValues}). A message is a JSON object: a body that is a number, a
 * boolean, a string or an array is a 400 too. Done here rather than in an application.yml so that each
 * function keeps its own configuration file.
 */
@Singleton
public class JsonConventions implements BeanCreatedEventListener<ObjectMapper> {

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return configure(event.getBean());
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                // Registered after JavaTimeModule so it wins: any date field also takes a datetime (spec, wire format).
                .registerModule(new SimpleModule("focus-lenient-dates")
                        .addDeserializer(LocalDate.class, StorableValues.BoundedYears.dates())
                        .addDeserializer(OffsetDateTime.class, StorableValues.BoundedYears.offsetDateTimes()))
                // Every string of every message: no NUL, which PostgreSQL cannot store (a 400, not a 500).
                .registerModule(new SimpleModule("focus-storable-strings")
                        .addDeserializer(String.class, new StorableValues.NulFreeStrings()))
                .registerModule(new SimpleModule("focus-objects-only").setDeserializerModifier(new ObjectsOnly()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        for (LogicalType scalar :
                new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(
                            CoercionInputShape.String,
                            scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Integer,
                            scalar == LogicalType.Integer || scalar == LogicalType.Float
                                    ? CoercionAction.TryConvert
                                    : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Float,
                            scalar == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.Boolean,
                            scalar == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(
                            CoercionInputShape.EmptyString,
                            scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Our messages (the records of {@code com.focusapi}) are read from a JSON object only. Without this, the
     * introspection-based reader hands a bare number to the record's constructor and fails with a 500.
     */
    static final class ObjectsOnly extends BeanDeserializerModifier {
        @Override
        public JsonDeserializer<?> modifyDeserializer(
                DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
            Class<?> type = description.getBeanClass();
            return type.getName().startsWith("com.focusapi.") && !type.isEnum()
                    ? new ObjectOnlyDeserializer(deserializer)
                    : deserializer;
        }
    }

    static final class ObjectOnlyDeserializer extends DelegatingDeserializer {
        ObjectOnlyDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ObjectOnlyDeserializer(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.START_OBJECT && token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT) {
                return context.handleUnexpectedToken(handledType(), token, parser, "expected a JSON object");
            }
            return super.deserialize(parser, context);
        }
    }
}
