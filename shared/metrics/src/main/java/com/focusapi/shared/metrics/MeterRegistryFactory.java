package com.focusapi.shared.metrics;

import com.focusapi.shared.metrics.internal.CloudWatchEnabledCondition;
import com.focusapi.shared.metrics.internal.CloudWatchPublisher;
import com.focusapi.shared.metrics.internal.ExactNamesCollector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The registries of one function. Every meter carries the tag {@code function} (its name from
 * {@code FUNCTION_NAME}), so the series of several functions never collide once merged or pushed.
 * Code records into the composite {@link MeterRegistry}; it feeds the Prometheus registry (scraped by the
 * local API, pushed to the Pushgateway) and, with {@code CLOUDWATCH_ENABLED}, the CloudWatch registry.
 */
@Factory
public class MeterRegistryFactory {
    /** Gauges whose guide names Micrometer's Prometheus registry would mangle: see {@link ExactNamesCollector}. */
    private static final Set<String> WRITTEN_EXACTLY = Set.of(
            MetricNames.INFO,
            MetricNames.USERS,
            MetricNames.CHALLENGES,
            MetricNames.CHALLENGES_PARTICIPANTS,
            MetricNames.ACTIVITIES_CREATED,
            MetricNames.CHALLENGES_CREATED);

    /** Every meter of the guide gets its HELP text from {@link MetricNames#help}, whichever module registers it. */
    static final MeterFilter ENGLISH_HELP = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            String help = MetricNames.help(id.getName());
            return help == null || help.equals(id.getDescription())
                    ? id
                    : new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
        }
    };

    @Singleton
    public ExactNamesCollector exactNamesCollector(
            @Value("${function.name:focus-api}") String functionName,
            @Value("${focus.version:0.1.0}") String version,
            MetricsSettings settings) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", version);
        info.put("name", "focus-api");
        return new ExactNamesCollector(functionName, info, settings.isEnabled());
    }

    @Singleton
    @Bean(preDestroy = "close")
    public PrometheusMeterRegistry prometheusRegistry(
            @Value("${function.name:focus-api}") String functionName, ExactNamesCollector exactNames) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .commonTags(MetricNames.TAG_FUNCTION, functionName)
                .meterFilter(MeterFilter.deny(id -> WRITTEN_EXACTLY.contains(id.getName())))
                .meterFilter(ENGLISH_HELP);
        if (exactNames.isEnabled()) {
            registry.getPrometheusRegistry().register(exactNames);
        }
        return registry;
    }

    @Singleton
    @Requires(condition = CloudWatchEnabledCondition.class)
    @Bean(preDestroy = "close")
    public CloudWatchPublisher cloudWatchPublisher(
            CloudWatchSettings settings, @Value("${function.name:focus-api}") String functionName) {
        CloudWatchPublisher publisher = new CloudWatchPublisher(settings);
        publisher.registry().config().commonTags(MetricNames.TAG_FUNCTION, functionName);
        return publisher;
    }

    /** What code records into. With {@code METRICS_ENABLED=false} it records nothing. */
    @Singleton
    @Primary
    public MeterRegistry meterRegistry(
            MetricsSettings settings,
            PrometheusMeterRegistry prometheus,
            @Nullable CloudWatchPublisher cloudWatch,
            @Value("${focus.version:0.1.0}") String version) {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        if (!settings.isEnabled()) {
            // No child registry: every meter recorded into it is a no-op, and nothing reaches a scrape.
            return composite;
        }
        composite.add(prometheus);
        if (cloudWatch != null) {
            composite.add(cloudWatch.registry());
        }
        // For CloudWatch; Prometheus gets focus_api_info from the ExactNamesCollector.
        Gauge.builder(MetricNames.INFO, () -> 1)
                .description("Focus API build information")
                .tag("version", version)
                .tag("name", "focus-api")
                .register(composite);
        return composite;
    }
}
