package com.focusapi.local;

import com.focusapi.local.SamTemplate.FunctionDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole local API: backing services, one {@link FunctionHost} per function of the template, and the
 * HTTP gateway. {@link #close()} stops all of it, in reverse order.
 */
public final class LocalRuntime implements AutoCloseable {
    private final SamTemplate template;
    private final EmbeddedServices services;
    private final Map<String, FunctionHost> hosts = new LinkedHashMap<>();
    private HttpGateway gateway;
    private ExecutorService warmer;
    private final boolean metricsEnabled;

    private LocalRuntime(
            SamTemplate template,
            EmbeddedServices services,
            Path dataDirectory,
            Map<String, String> env,
            String publicUrl) {
        this.template = template;
        this.services = services;
        this.metricsEnabled = !"false"
                .equalsIgnoreCase(env.getOrDefault("METRICS_ENABLED", "true").trim());
        for (FunctionDefinition function : template.functions()) {
            Map<String, Object> properties = properties(function, services.endpoints(), dataDirectory, env);
            if (publicUrl != null && !env.containsKey("EMAIL_PUBLIC_URL")) {
                // invoke: the event's domain is AWS's; the links of the emails open this local API's pages.
                properties.put("email.public-url", publicUrl);
            }
            hosts.put(function.logicalId(), new FunctionHost(function, properties));
        }
    }

    /** Starts the backing services and prepares (does not start) every function. */
    public static LocalRuntime prepare(SamTemplate template, Path dataDirectory, Map<String, String> env)
            throws IOException {
        return prepare(template, dataDirectory, env, null);
    }

    /** As {@link #prepare(SamTemplate, Path, Map)}, the email links pointing at {@code publicUrl} (unless EMAIL_PUBLIC_URL is set). */
    public static LocalRuntime prepare(
            SamTemplate template, Path dataDirectory, Map<String, String> env, String publicUrl) throws IOException {
        EmbeddedServices services = EmbeddedServices.start(dataDirectory, env);
        return new LocalRuntime(template, services, dataDirectory, env, publicUrl);
    }

    /** Serves HTTP on {@code port} (0: any free port), then cold-starts every function in the background. */
    public LocalRuntime serve(int port, String metricsEndpoint, boolean warmUp) throws IOException {
        gateway = new HttpGateway(port, new RouteTable(template.functions()), hosts, metricsEndpoint, this::scrapeAll);
        gateway.start();
        if (warmUp) {
            // One at a time: two cores are better spent finishing one cold start than thrashing between several.
            warmer = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "local-api-warmup");
                thread.setDaemon(true);
                return thread;
            });
            // Only the functions the HTTP API routes to; scheduled ones start when `invoke` runs them.
            hosts.values().stream()
                    .filter(host -> !host.definition().routes().isEmpty())
                    .forEach(host -> warmer.submit(() -> {
                        try {
                            host.start();
                        } catch (Exception e) {
                            System.err.println(
                                    "Could not start " + host.definition().logicalId() + ": " + e.getMessage());
                        }
                    }));
        }
        return this;
    }

    public int port() {
        return gateway.port();
    }

    /** Runs {@code then} once every routed function has started (at once without a warm-up). */
    public void whenWarm(Runnable then) {
        if (warmer == null) {
            then.run();
        } else {
            warmer.submit(then);
        }
    }

    public SamTemplate template() {
        return template;
    }

    public EmbeddedServices.Endpoints endpoints() {
        return services.endpoints();
    }

    public FunctionHost host(String logicalId) {
        FunctionHost host = hosts.get(template.function(logicalId).logicalId());
        return host;
    }

    /** Every started function's metrics, merged into one exposition. */
    public String scrapeAll() {
        List<String> texts = new ArrayList<>();
        for (FunctionHost host : hosts.values()) {
            try {
                texts.add(host.scrapePrometheus());
            } catch (Exception e) {
                System.err.println("Metrics of " + host.definition().logicalId() + ": " + e.getMessage());
            }
        }
        if (gateway != null && metricsEnabled) {
            texts.add(gateway.unmatchedMetrics());
        }
        return PrometheusText.merge(texts);
    }

    /**
     * The properties a function's context gets: the template's environment variables (unless the shell
     * sets the same variable, which then wins as it would reach the function anyway), then what only the
     * local API knows: where PostgreSQL and Redis are, and local stand-ins for AWS services.
     */
    static Map<String, Object> properties(
            FunctionDefinition function,
            EmbeddedServices.Endpoints endpoints,
            Path dataDirectory,
            Map<String, String> env) {
        Map<String, Object> properties = new HashMap<>();
        function.environment().forEach((name, value) -> {
            if (!env.containsKey(name)) {
                for (String property : PropertyNames.fromEnvironmentVariable(name)) {
                    properties.put(property, value);
                }
            }
        });
        properties.putIfAbsent("function.name", function.logicalId());
        properties.put("database.url", endpoints.jdbcUrl());
        if (endpoints.databaseUser() != null) {
            properties.put("database.user", endpoints.databaseUser());
        }
        if (endpoints.databasePassword() != null) {
            properties.put("database.password", endpoints.databasePassword());
        }
        properties.put("database.migrate", false);
        properties.put("cache.enabled", endpoints.cacheEnabled());
        if (endpoints.redisUrl() != null) {
            properties.put("redis.url", endpoints.redisUrl());
        }
        if (!env.containsKey("REDIS_CONNECT_TIMEOUT_MS")) {
            // A laptop building in the background is slower than Lambda's steady state: do not start degraded.
            properties.put("redis.connect-timeout-ms", 3000);
        }
        // Local stand-ins for what AWS provides: a JWT secret persisted in the data folder (never a random
        // value per process) and emails printed on the console instead of sent through SES.
        properties.putIfAbsent(
                "jwt.secret-file",
                dataDirectory.resolve("jwt-secret").toAbsolutePath().toString());
        properties.putIfAbsent("email.sender", "console");
        // No AWS account locally: CloudWatch stays off unless the shell turns it on (e.g. against moto).
        if (!env.containsKey("CLOUDWATCH_ENABLED")) {
            properties.put("cloudwatch.enabled", false);
        }
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        if (warmer != null) {
            warmer.shutdownNow();
        }
        hosts.values().forEach(FunctionHost::close);
        services.close();
    }
}
