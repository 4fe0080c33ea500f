package com.focusapi.shared.cache.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.focusapi.shared.http.JsonConventions;
import io.micronaut.core.type.Argument;
import java.io.IOException;
import java.lang.annotation.Annotation;

/**
 * JSON in and out of Redis, with the wire conventions of the API (snake_case, ISO dates) and two cache
 * rules: members carrying the secret marker ({@code @NeverCached}) are left out, and a marked type anywhere in the value
 * makes serialisation fail with {@link SecretValueException} (the caller then stores nothing).
 * Reads are lenient about unknown properties: a field removed from a type is not worth a miss.
 */
public final class CacheCodec {
    private final ObjectMapper mapper;

    /** @param secret the annotation that marks secrets; passed in so that this package does not import the public one. */
    public CacheCodec(Class<? extends Annotation> secret) {
        ObjectMapper configured = JsonConventions.configure(new ObjectMapper())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        configured.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public boolean hasIgnoreMarker(AnnotatedMember member) {
                return member.hasAnnotation(secret) || super.hasIgnoreMarker(member);
            }
        });
        configured.registerModule(
                new SimpleModule("never-cached").setSerializerModifier(new RefuseSecretTypes(secret)));
        this.mapper = configured;
    }

    public String write(Object value) throws SecretValueException {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonMappingException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof SecretValueException)) {
                cause = cause.getCause();
            }
            if (cause != null) {
                throw (SecretValueException) cause;
            }
            throw new IllegalArgumentException("Value cannot be cached as JSON: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Value cannot be cached as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public <T> T read(String json, Argument<T> type) throws IOException {
        JavaType javaType = mapper.getTypeFactory().constructType(type.asType());
        return mapper.readValue(json, javaType);
    }

    /** Thrown when a value holds a type marked as secret. */
    public static final class SecretValueException extends JsonMappingException {
        SecretValueException(Class<?> type) {
            super(null, "Type " + type.getName() + " is marked secret: never cached");
        }
    }

    private static final class RefuseSecretTypes extends BeanSerializerModifier {
        private final Class<? extends Annotation> secret;

        RefuseSecretTypes(Class<? extends Annotation> secret) {
            this.secret = secret;
        }

        @Override
        public JsonSerializer<?> modifySerializer(
                SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
            Class<?> type = description.getBeanClass();
            if (!type.isAnnotationPresent(secret)) {
                return serializer;
            }
            return new JsonSerializer<Object>() {
                @Override
                public void serialize(Object value, JsonGenerator generator, SerializerProvider provider)
                        throws IOException {
                    throw new SecretValueException(type);
                }
            };
        }
    }
}
