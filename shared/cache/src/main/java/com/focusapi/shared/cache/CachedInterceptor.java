package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.KeyLayout;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableArgumentValue;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link Cached} methods through {@link CacheService#getOrLoad}, with the key rule of {@link Cached}. */
@Singleton
@InterceptorBean(Cached.class)
public class CachedInterceptor implements MethodInterceptor<Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedInterceptor.class);
    /** The key separator, and what {@link KeyLayout} forbids: whitespace, braces, ~ and glob characters. */
    private static final Pattern RESERVED = Pattern.compile("[:\\s{}~*?\\[\\]\\\\]");

    private final Set<String> warnedMethods = ConcurrentHashMap.newKeySet();
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
        Map<String, MutableArgumentValue<?>> parameters = context.getParameters();
        if (!parameters.isEmpty() && keyParameters(parameters).isEmpty()) {
            // Without a key parameter every caller (every user) would share one entry: never cache that.
            if (warnedMethods.add(context.getExecutableMethod().toString())) {
                LOG.warn(
                        "@Cached {} runs uncached: it has parameters but none can be part of a key "
                                + "(annotate the ones that identify the result with @CacheKey)",
                        context.getExecutableMethod());
            }
            return context.proceed();
        }
        String key = key(cached, parameters);
        if (key == null) {
            return context.proceed();
        }
        long seconds = cached.longValue("ttl").orElse(0);
        Duration ttl = seconds > 0 ? Duration.ofSeconds(seconds) : cache.defaultTtl();
        return cache.getOrLoad(key, ttl, returnType, context::proceed);
    }

    /** The parameters annotated {@link CacheKey}, else those of a value type. */
    static List<MutableArgumentValue<?>> keyParameters(Map<String, MutableArgumentValue<?>> parameters) {
        List<MutableArgumentValue<?>> marked = new ArrayList<>();
        List<MutableArgumentValue<?>> values = new ArrayList<>();
        for (MutableArgumentValue<?> parameter : parameters.values()) {
            if (parameter.getAnnotationMetadata().hasAnnotation(CacheKey.class)) {
                marked.add(parameter);
            } else if (isValueType(parameter.getType())) {
                values.add(parameter);
            }
        }
        return marked.isEmpty() ? values : marked;
    }

    /**
     * {@code keyPrefix:param1:param2[:name]}, or null (run uncached) when a key parameter is null or its
     * text contains {@code :} or a character a key may not hold (whitespace, braces, {@code ~}, glob
     * characters): a value such as {@code "123:profile"} must never move a key into another entry or tag.
     */
    static String key(AnnotationValue<Cached> cached, Map<String, MutableArgumentValue<?>> parameters) {
        StringBuilder key = new StringBuilder(cached.stringValue("keyPrefix").orElseThrow());
        for (MutableArgumentValue<?> parameter : keyParameters(parameters)) {
            Object value = parameter.getValue();
            if (value == null) {
                return null;
            }
            String part = String.valueOf(value);
            if (part.isEmpty() || RESERVED.matcher(part).find()) {
                LOG.debug("Not cached: key parameter {} holds a reserved character or is empty", parameter.getName());
                return null;
            }
            key.append(':').append(part);
        }
        cached.stringValue("name")
                .filter(n -> !n.isEmpty())
                .ifPresent(n -> key.append(':').append(n));
        try {
            return KeyLayout.validate(key.toString());
        } catch (IllegalArgumentException e) {
            LOG.debug("Not cached: {}", e.getMessage());
            return null;
        }
    }

    static boolean isValueType(Class<?> type) {
        return type.isPrimitive()
                || Number.class.isAssignableFrom(type)
                || type == Boolean.class
                || type == String.class
                || type == Character.class
                || type.isEnum()
                || type == UUID.class
                || Temporal.class.isAssignableFrom(type);
    }
}
