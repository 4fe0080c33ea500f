package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.RedisSettings;
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
import java.io.File;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and keeps the one Redis connection of an execution environment, standalone or cluster, plain or
 * TLS, with a password or an IAM token. Connecting (endpoint discovery, IAM token, TCP/TLS handshake,
 * cluster topology) happens only on a background thread of its own: a request thread never connects, it
 * reads the current connection and, while there is none, gets "not connected" at once (the cache then
 * misses) and at most schedules an attempt. A failed attempt is retried at most once per
 * {@link #RECONNECT_BACKOFF}. Once connected, Lettuce reconnects by itself; while Redis is unreachable,
 * commands are rejected at once instead of queued (a request must never wait for the cache).
 * {@link #suspend()} closes everything (before a SnapStart snapshot) and keeps it closed until {@link #resume()}.
 */
public final class RedisConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnector.class);
    public static final Duration RECONNECT_BACKOFF = Duration.ofSeconds(5);

    private final RedisSettings settings;
    private final Object lock = new Object();
    private final ExecutorService connectThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "redis-connect");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile Future<?> attempt = CompletableFuture.completedFuture(null);
    private volatile RedisTarget target;
    /** Guarded by {@link #lock}. */
    private ClientResources resources;

    private AbstractRedisClient client;
    private StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile long nextAttemptAt;
    private volatile boolean suspended;
    private volatile boolean closed;

    public RedisConnector(RedisSettings settings) {
        this.settings = settings;
    }

    /**
     * The commands of the connection, or empty when there is none now (then an attempt is scheduled on the
     * background thread, unless one runs or the back-off is not over). Never blocks, never throws.
     */
    public Optional<RedisClusterAsyncCommands<String, String>> commands() {
        RedisClusterAsyncCommands<String, String> current = commands;
        if (current != null) {
            return Optional.of(current);
        }
        schedule();
        return Optional.empty();
    }

    /**
     * Starts a connect on the background thread and waits for it at most {@code wait} (init and restore, so
     * that the first request finds the connection ready); past that, the attempt goes on in the background.
     */
    public Optional<RedisClusterAsyncCommands<String, String>> connect(Duration wait) {
        Future<?> running = schedule();
        if (running != null) {
            try {
                running.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warn(
                        "Redis not connected within {} ms at {}: still trying in the background",
                        wait.toMillis(),
                        address());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                LOG.debug("Redis connect attempt failed: {}", e.toString());
            }
        }
        return Optional.ofNullable(commands);
    }

    /** The attempt now running or just scheduled, or null when none is due. */
    private Future<?> schedule() {
        if (commands != null || suspended || closed || System.currentTimeMillis() < nextAttemptAt) {
            return null;
        }
        if (!connecting.compareAndSet(false, true)) {
            return attempt;
        }
        FutureTask<Void> task = new FutureTask<>(this::connectInBackground, null);
        attempt = task;
        try {
            connectThread.execute(task);
        } catch (RejectedExecutionException e) {
            connecting.set(false);
            return null;
        }
        return task;
    }

    /** Runs on the background thread only. */
    private void connectInBackground() {
        try {
            if (commands != null || suspended || closed) {
                return;
            }
            RedisTarget resolved = target;
            if (resolved == null) {
                resolved = RedisTarget.resolve(settings);
                target = resolved;
            }
            ClientResources shared;
            synchronized (lock) {
                if (suspended || closed) {
                    return;
                }
                if (resources == null) {
                    // Lambda has one or two vCPUs: a small event loop starts faster and is all it can use.
                    // Reconnects back off from 50 ms to 2 s, so a returning Redis is found again within seconds.
                    resources = DefaultClientResources.builder()
                            .ioThreadPoolSize(2)
                            .computationThreadPoolSize(2)
                            .reconnectDelay(Delay.exponential(
                                    Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                            .build();
                }
                shared = resources;
            }
            AbstractRedisClient newClient = null;
            StatefulConnection<String, String> newConnection;
            RedisClusterAsyncCommands<String, String> newCommands;
            try {
                if (resolved.cluster()) {
                    RedisClusterClient cluster = RedisClusterClient.create(shared, resolved.uri());
                    cluster.setOptions(ClusterClientOptions.builder(options())
                            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                    .enablePeriodicRefresh(Duration.ofMinutes(1))
                                    .enableAllAdaptiveRefreshTriggers()
                                    .build())
                            .build());
                    newClient = cluster;
                    StatefulRedisClusterConnection<String, String> c = cluster.connect();
                    newConnection = c;
                    newCommands = c.async();
                } else {
                    RedisClient standalone = RedisClient.create(shared, resolved.uri());
                    standalone.setOptions(options());
                    newClient = standalone;
                    StatefulRedisConnection<String, String> c = standalone.connect();
                    newConnection = c;
                    newCommands = c.async();
                }
            } catch (RuntimeException | LinkageError e) {
                close(null, newClient);
                throw e;
            }
            synchronized (lock) {
                if (!suspended && !closed && commands == null) {
                    client = newClient;
                    connection = newConnection;
                    commands = newCommands;
                    LOG.info("Redis connected: {}", address());
                    return;
                }
            }
            // Suspended (checkpoint) or closed while connecting: this connection must not survive.
            close(newConnection, newClient);
        } catch (RuntimeException e) {
            nextAttemptAt = System.currentTimeMillis() + RECONNECT_BACKOFF.toMillis();
            LOG.warn("Redis unreachable at {}: {}", address(), e.getMessage());
        } catch (LinkageError e) {
            // A class the jar lacks (a shading exclusion gone too far): the executor would swallow it and the
            // cache would stay off without a word. Say it loudly; retrying cannot help.
            nextAttemptAt = System.currentTimeMillis() + RECONNECT_BACKOFF.toMillis();
            LOG.error("Redis client cannot start at {}: {}", address(), e.toString());
        } finally {
            connecting.set(false);
        }
    }

    private ClientOptions options() {
        ClientOptions.Builder builder = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofMillis(settings.getConnectTimeoutMs()))
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(settings.getCommandTimeoutMs())));
        if (settings.getTlsCaFile() != null && !settings.getTlsCaFile().isBlank()) {
            builder.sslOptions(SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(new File(settings.getTlsCaFile()))
                    .build());
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

    /**
     * Closes the current connection and opens a new one, both on the background thread (closing a connection
     * whose peer vanished may wait for Lettuce's shutdown): called when the breaker opens, since a connection
     * that only times out may be one whose server is gone without a reset, which Lettuce never notices by
     * itself (no TCP keep-alive probe in time, no reconnect on timeouts). Meanwhile calls miss as before.
     */
    public void replace() {
        RedisClusterAsyncCommands<String, String> stale = commands;
        if (stale == null || suspended || closed) {
            return;
        }
        try {
            connectThread.execute(() -> {
                synchronized (lock) {
                    if (commands != stale || suspended || closed) {
                        return;
                    }
                    LOG.warn("Redis connection at {} replaced: its commands failed", address());
                    commands = null;
                    close(connection, client);
                    connection = null;
                    client = null;
                    nextAttemptAt = 0;
                }
                schedule();
            });
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing to replace.
        }
    }

    /** Close the connection and keep it closed (SnapStart: no socket may survive in a snapshot). */
    public void suspend() {
        synchronized (lock) {
            suspended = true;
            closeClient();
        }
    }

    /** Open it again (after a restore), waiting at most {@link #startupWait()}, so the first request finds it ready. */
    public void resume() {
        synchronized (lock) {
            suspended = false;
            nextAttemptAt = 0;
        }
        connect(startupWait());
    }

    /**
     * How long init and restore wait for the connection: the connect timeout, plus one second for the first
     * connection's start-up (class loading, event loop, TLS context). A slower attempt goes on in the background.
     */
    public Duration startupWait() {
        return Duration.ofMillis(settings.getConnectTimeoutMs()).plusSeconds(1);
    }

    private void closeClient() {
        commands = null;
        close(connection, client);
        connection = null;
        client = null;
        if (resources != null) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            resources = null;
        }
    }

    private static void close(StatefulConnection<String, String> connection, AbstractRedisClient client) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the Redis connection failed: {}", e.getMessage());
            }
        }
        if (client != null) {
            try {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("Shutting the Redis client down failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        connectThread.shutdownNow();
        synchronized (lock) {
            closeClient();
        }
    }

    /** The resolved endpoint: URL/host settings, or the ElastiCache API by cache name; with its credentials. */
    record RedisTarget(RedisURI uri, boolean cluster) {
        static RedisTarget resolve(RedisSettings settings) {
            boolean configured =
                    (settings.getUrl() != null && !settings.getUrl().isBlank())
                            || settings.getCacheName() == null
                            || settings.getCacheName().isBlank();
            RedisURI uri;
            boolean cluster = settings.isCluster();
            boolean serverless = false;
            if (configured) {
                uri = RedisUris.from(settings);
                serverless = uri.getHost() != null && uri.getHost().contains(".serverless.");
                // ElastiCache Serverless only speaks cluster mode, whatever REDIS_CLUSTER says.
                cluster = cluster || serverless;
            } else {
                if (!ElastiCacheSdk.present()) {
                    throw ElastiCacheSdk.missing(settings.getCacheName());
                }
                ElastiCacheEndpoints.Endpoint endpoint =
                        ElastiCacheEndpoints.discover(settings.getCacheName(), settings.getRegion());
                uri = RedisUris.from(settings, endpoint.host(), endpoint.port(), endpoint.tls());
                cluster = settings.isCluster() || endpoint.cluster() || endpoint.serverless();
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
            boolean configured =
                    (settings.getUrl() != null && !settings.getUrl().isBlank())
                            || settings.getCacheName() == null
                            || settings.getCacheName().isBlank();
            return configured ? RedisUris.describe(RedisUris.from(settings)) : "ElastiCache " + settings.getCacheName();
        }
    }
}
