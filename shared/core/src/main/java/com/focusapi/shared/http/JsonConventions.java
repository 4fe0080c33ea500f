package com.focusapi.shared.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.LocalDate;

/**
 * The wire format of the spec for every function: snake_case names, ISO-8601 dates, and unknown fields
 * rejected (a client typo is a 400 naming the field, not a silently ignored value). Done here rather than
 * in an application.yml so that each function keeps its own configuration file.
 */
@Singleton
public class JsonConventions implements BeanCreatedEventListener<ObjectMapper> {

    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return configure(event.getBean());
    }

    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                // Registered after JavaTimeModule so it wins: any date field also takes a datetime (spec, wire format).
                .registerModule(new SimpleModule("focus-lenient-dates")
                        .addDeserializer(LocalDate.class, new LenientLocalDateDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
