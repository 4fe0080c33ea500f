package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.RedisUris;
import com.focusapi.shared.config.RedisSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * The single Redis connection of an execution environment. It is opened on first use and kept; Lettuce
 * reconnects it by itself. While Redis is unreachable, commands are rejected at once instead of queued
 * (a request must never wait for the cache), and a failed connect is retried at most once per
 * {@link #RECONNECT_BACKOFF}, so an absent Redis costs one connect timeout now and then, not per request.
 */
@Singleton
public class RedisConnectionProvider implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnectionProvider.class);
    static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(5);

    private final RedisURI uri;
    private final RedisSettings settings;
    private final Object lock = new Object();
    private ClientResources resources;
    private RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextAttemptAt;

    public RedisConnectionProvider(RedisSettings settings) {
        this.settings = settings;
        this.uri = RedisUris.from(settings);
    }

    /** The connection, or empty when Redis cannot be reached now. Never throws. */
    public Optional<StatefulRedisConnection<String, String>> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return Optional.of(current);
        }
        if (System.currentTimeMillis() < nextAttemptAt) {
            return Optional.empty();
        }
        synchronized (lock) {
            if (connection == null && System.currentTimeMillis() >= nextAttemptAt) {
                try {
                    connection = client().connect();
                    LOG.info("Redis connected: {}", RedisUris.describe(uri));
                } catch (RuntimeException e) {
                    nextAttemptAt = System.currentTimeMillis() + RECONNECT_BACKOFF.toMillis();
                    LOG.warn("Redis unreachable at {}: {}", RedisUris.describe(uri), e.getMessage());
                }
            }
            return Optional.ofNullable(connection);
        }
    }

    /** Where Redis is, without secrets. */
    public String address() {
        return RedisUris.describe(uri);
    }

    private RedisClient client() {
        if (client == null) {
            // Lambda has one or two vCPUs: a small event loop starts faster and is all it can use.
            resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
            client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(settings.getConnectTimeoutMs())).build())
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(settings.getCommandTimeoutMs())))
                    .build());
        }
        return client;
    }

    @PreDestroy
    @Override
    public void close() {
        synchronized (lock) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
                client = null;
            }
            if (resources != null) {
                resources.shutdown(0, 1, java.util.concurrent.TimeUnit.SECONDS);
                resources = null;
            }
        }
    }
}
