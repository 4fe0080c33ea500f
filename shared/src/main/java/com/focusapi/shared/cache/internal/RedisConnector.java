package com.focusapi.shared.cache.internal;

import com.focusapi.shared.config.RedisSettings;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens and keeps the one Redis connection of an execution environment, standalone or cluster, plain or
 * TLS, with a password or an IAM token. While Redis is unreachable, commands are rejected at once instead
 * of queued (a request must never wait for the cache), and a failed connect is retried at most once per
 * {@link #RECONNECT_BACKOFF}. {@link #suspend()} closes everything (before a SnapStart snapshot) and keeps
 * it closed until {@link #resume()}.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);
    public static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(5);

    private final RedisSettings settings;
    private final Object lock = new Object();
    private RedisTarget target;
    private ClientResources resources;
    private AbstractRedisClient client;
    private StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile long nextAttemptAt;
    private volatile boolean suspended;

    public RedisConnector(RedisSettings settings) {
        this.settings = settings;
    }

    /** The commands of the connection, or empty when Redis cannot be reached now. Never throws. */
    public Optional<RedisClusterAsyncCommands<String, String>> commands() {
        RedisClusterAsyncCommands<String, String> current = commands;
        if (current != null) {
            return Optional.of(current);
        }
        if (suspended || System.currentTimeMillis() < nextAttemptAt) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (commands == null && !suspended && System.currentTimeMillis() >= nextAttemptAt) {
                connect();
            }
            return Optional.ofNullable(commands);
        }
    }

    private void connect() {
        try {
            if (target == null) {
                target = RedisTarget.resolve(settings);
            }
            if (resources == null) {
                // Lambda has one or two vCPUs: a small event loop starts faster and is all it can use.
                // Reconnects back off from 50 ms to 2 s, so a returning Redis is found again within seconds.
                resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                        .build();
            }
            if (target.cluster()) {
                RedisClusterClient cluster = RedisClusterClient.create(resources, target.uri());
                cluster.setOptions(ClusterClientOptions.builder(options())
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enablePeriodicRefresh(Duration.ofMinutes(1))
                                .enableAllAdaptiveRefreshTriggers().build())
                        .build());
                client = cluster;
                StatefulRedisClusterConnection<String, String> c = cluster.connect();
                connection = c;
                commands = c.async();
            } else {
                RedisClient standalone = RedisClient.create(resources, target.uri());
                standalone.setOptions(options());
                client = standalone;
                StatefulRedisConnection<String, String> c = standalone.connect();
                connection = c;
                commands = c.async();
            }
            LOG.info("Redis connected: {}", address());
        } catch (RuntimeException e) {
            nextAttemptAt = System.currentTimeMillis() + RECONNECT_BACKOFF.toMillis();
            LOG.warn("Redis unreachable at {}: {}", address(), e.getMessage());
            closeClient();
        }
    }

    private ClientOptions options() {
        ClientOptions.Builder builder = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(settings.getConnectTimeoutMs())).build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(settings.getCommandTimeoutMs())));
        if (settings.getTlsCaFile() != null && !settings.getTlsCaFile().isBlank()) {
            builder.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(new File(settings.getTlsCaFile())).build());
        }
        return builder.build();
    }

    /** Where Redis is, without secrets. */
    public String address() {
        RedisTarget current = target;
        return current != null ? current.describe() : RedisTarget.describeUnresolved(settings);
    }

    public boolean isCluster() {
        RedisTarget current = target;
        return current != null ? current.cluster() : settings.isCluster();
    }

    /** Close the connection and keep it closed (SnapStart: no socket may survive in a snapshot). */
    public void suspend() {
        synchronized (lock) {
            suspended = true;
            closeClient();
        }
    }

    /** Open it again at once (after a restore), so the first request finds it ready. */
    public void resume() {
        synchronized (lock) {
            suspended = false;
            nextAttemptAt = 0;
        }
        commands();
    }

    private void closeClient() {
        commands = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the Redis connection failed: {}", e.getMessage());
            }
            connection = null;
        }
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            client = null;
        }
        if (resources != null) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            resources = null;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closeClient();
        }
    }

    /** The resolved endpoint: URL/host settings, or the ElastiCache API by cache name; with its credentials. */
    record RedisTarget(RedisURI uri, boolean cluster) {
        static RedisTarget resolve(RedisSettings settings) {
            boolean configured = (settings.getUrl() != null && !settings.getUrl().isBlank())
                    || settings.getCacheName() == null || settings.getCacheName().isBlank();
            RedisURI uri;
            boolean cluster = settings.isCluster();
            boolean serverless = false;
            if (configured) {
                uri = RedisUris.from(settings);
                serverless = uri.getHost() != null && uri.getHost().contains(".serverless.");
            } else {
                ElastiCacheEndpoints.Endpoint endpoint = ElastiCacheEndpoints.discover(settings.getCacheName(), settings.getRegion());
                uri = RedisUris.from(settings, endpoint.host(), endpoint.port(), endpoint.tls());
                cluster = endpoint.cluster();
                serverless = endpoint.serverless();
            }
            if (settings.isIamAuth()) {
                uri.setCredentialsProvider(IamAuthTokens.forSettings(settings, serverless));
            }
            return new RedisTarget(uri, cluster);
        }

        String describe() {
            return RedisUris.describe(uri) + (cluster ? " (cluster)" : "");
        }

        static String describeUnresolved(RedisSettings settings) {
            boolean configured = (settings.getUrl() != null && !settings.getUrl().isBlank())
                    || settings.getCacheName() == null || settings.getCacheName().isBlank();
            return configured ? RedisUris.describe(RedisUris.from(settings)) : "ElastiCache " + settings.getCacheName();
        }
    }
}
