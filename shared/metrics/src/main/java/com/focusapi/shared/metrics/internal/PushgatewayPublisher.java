package com.focusapi.shared.metrics.internal;

import com.focusapi.shared.metrics.PushgatewaySettings;
import com.focusapi.shared.metrics.PushgatewayUrl;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the whole registry of one execution environment to the group
 * {@code job/<job>/function/<name>/instance/<id>} with PUT, so each push replaces that environment's
 * previous push and never touches another environment's group. Failures are logged and counted. The
 * whole {@code PUSHGATEWAY_URL} is honoured: scheme, host, port, path prefix and basic-auth credentials
 * ({@link PushgatewayUrl}), as by the janitor.
 */
public final class PushgatewayPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayPublisher.class);

    private final PushgatewaySettings settings;
    private final String functionName;
    private final PrometheusRegistry registry;
    private final Runnable onFailure;
    private volatile PushGateway gateway;
    private volatile String instanceId;

    public PushgatewayPublisher(
            PushgatewaySettings settings,
            String functionName,
            PrometheusRegistry registry,
            String instanceId,
            Runnable onFailure) {
        this.settings = settings;
        this.functionName = functionName;
        this.registry = registry;
        this.onFailure = onFailure;
        useInstance(instanceId);
    }

    /** A SnapStart restore gives a new environment: it must not push into the group of the snapshot's. */
    public void useInstance(String id) {
        this.instanceId = id;
        PushgatewayUrl url = PushgatewayUrl.parse(settings.getUrl());
        PushGateway.Builder builder = PushGateway.builder()
                // The client builds <scheme>://<address>/metrics/...: the path prefix rides on the address.
                .address(url.hostPort() + url.pathPrefix())
                .scheme("https".equals(url.scheme()) ? Scheme.HTTPS : Scheme.HTTP);
        if (url.user() != null) {
            builder.basicAuth(url.user(), url.password());
        }
        this.gateway = builder
                // The text format: the protobuf writer (and its shaded protobuf) is left out of the jars.
                .format(Format.PROMETHEUS_TEXT)
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
