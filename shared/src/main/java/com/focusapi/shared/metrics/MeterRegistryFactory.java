package com.focusapi.shared.metrics;

import com.focusapi.shared.config.MetricsSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The registries of one function. Every meter carries the tag {@code function} (its name from
 * {@code FUNCTION_NAME}), so the series of several functions never collide once merged.
 */
@Factory
public class MeterRegistryFactory {

    @Singleton
    @Bean(preDestroy = "close")
    public PrometheusMeterRegistry prometheusRegistry(@Value("${function.name:focus-api}") String functionName) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("function", functionName);
        return registry;
    }

    /** What code records into. With {@code METRICS_ENABLED=false} it records nothing. */
    @Singleton
    @Primary
    public MeterRegistry meterRegistry(MetricsSettings settings, PrometheusMeterRegistry prometheus,
                                       @Value("${focus.version:0.1.0}") String version) {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        if (settings.isEnabled()) {
            composite.add(prometheus);
        }
        Gauge.builder("focus_api_info", () -> 1).description("Focus API build information")
                .tag("version", version).tag("name", "focus-api").register(composite);
        return composite;
    }
}
