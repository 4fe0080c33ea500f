package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.KeyLayout;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableArgumentValue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Runs {@link Cached} methods through {@link CacheService#getOrLoad}, with the key rule of {@link Cached}. */
@Singleton
@InterceptorBean(Cached.class)
public class CachedInterceptor implements MethodInterceptor<Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedInterceptor.class);
    private final CacheService cache;

    public CachedInterceptor(CacheService cache) {
        this.cache = cache;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        Argument<Object> returnType = (Argument<Object>) context.getReturnType().asArgument();
        AnnotationValue<Cached> cached = context.getAnnotation(Cached.class);
        if (cached == null || returnType.isVoid() || !cache.isEnabled()) {
            return context.proceed();
        }
        String key = key(cached, context.getParameters());
        if (key == null) {
            return context.proceed();
        }
        long seconds = cached.longValue("ttl").orElse(0);
        Duration ttl = seconds > 0 ? Duration.ofSeconds(seconds) : cache.defaultTtl();
        return cache.getOrLoad(key, ttl, returnType, context::proceed);
    }

    /** {@code keyPrefix:param1:param2[:name]}, or null when a key parameter cannot be part of a key. */
    static String key(AnnotationValue<Cached> cached, Map<String, MutableArgumentValue<?>> parameters) {
        List<MutableArgumentValue<?>> marked = new ArrayList<>();
        List<MutableArgumentValue<?>> values = new ArrayList<>();
        for (MutableArgumentValue<?> parameter : parameters.values()) {
            if (parameter.getAnnotationMetadata().hasAnnotation(CacheKey.class)) {
                marked.add(parameter);
            } else if (isValueType(parameter.getType())) {
                values.add(parameter);
            }
        }
        StringBuilder key = new StringBuilder(cached.stringValue("keyPrefix").orElseThrow());
        for (MutableArgumentValue<?> parameter : marked.isEmpty() ? values : marked) {
            Object value = parameter.getValue();
            if (value == null) {
                return null;
            }
            key.append(':').append(value);
        }
        cached.stringValue("name").filter(n -> !n.isEmpty()).ifPresent(n -> key.append(':').append(n));
        try {
            return KeyLayout.validate(key.toString());
        } catch (IllegalArgumentException e) {
            LOG.debug("Not cached: {}", e.getMessage());
            return null;
        }
    }

    static boolean isValueType(Class<?> type) {
        return type.isPrimitive() || Number.class.isAssignableFrom(type) || type == Boolean.class
                || type == String.class || type == Character.class || type.isEnum() || type == UUID.class
                || Temporal.class.isAssignableFrom(type);
    }
}
