package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.config.PushgatewaySettings;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;

/**
 * Pushes the whole registry of one execution environment to the group
 * {@code job/<job>/function/<name>/instance/<id>} with PUT, so each push replaces that environment's
 * previous push and never touches another environment's group. Failures are logged and counted.
 */
public final class PushgatewayPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayPublisher.class);

    private final PushgatewaySettings settings;
    private final String functionName;
    private final PrometheusRegistry registry;
    private final Runnable onFailure;
    private volatile PushGateway gateway;
    private volatile String instanceId;

    public PushgatewayPublisher(PushgatewaySettings settings, String functionName, PrometheusRegistry registry,
                                String instanceId, Runnable onFailure) {
        this.settings = settings;
        this.functionName = functionName;
        this.registry = registry;
        this.onFailure = onFailure;
        useInstance(instanceId);
    }

    /** A SnapStart restore gives a new environment: it must not push into the group of the snapshot's. */
    public void useInstance(String id) {
        this.instanceId = id;
        URI uri = URI.create(settings.getUrl().contains("://") ? settings.getUrl() : "http://" + settings.getUrl());
        String address = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80));
        this.gateway = PushGateway.builder()
                .address(address)
                .scheme("https".equals(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .job(settings.getJob())
                .groupingKey("function", functionName)
                .groupingKey("instance", id)
                .registry(registry)
                .connectionFactory(new BoundedTimeoutConnections(settings.getTimeoutMs()))
                .build();
    }

    public String instanceId() {
        return instanceId;
    }

    /** @return true when the Pushgateway accepted the push */
    public boolean push() {
        try {
            gateway.push();
            return true;
        } catch (IOException | RuntimeException e) {
            onFailure.run();
            LOG.warn("Pushgateway push of {}/{} failed: {}", functionName, instanceId, e.toString());
            return false;
        }
    }
}
