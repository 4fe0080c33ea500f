package com.focusapi.shared.cache;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the health answer shows of Redis (INFO and DBSIZE), bounded by a short timeout. The health
 * route is public: its {@code error} is one of three fixed phrases ({@link #UNREACHABLE}, {@link #TIMED_OUT},
 * {@link #FAILED}) that name no host, port or driver message; the log has those.
 */
@Singleton
public class CacheProbe {
    static final Duration TIMEOUT = Duration.ofMillis(1000);
    /** No connection to Redis since the function started, or it is being re-established. */
    public static final String UNREACHABLE = "Redis is unreachable";
    /** Connected, but the probe got no answer in time. */
    public static final String TIMED_OUT = "Redis did not answer within " + TIMEOUT.toMillis() + " ms";
    /** The connection broke during the probe, or Redis answered with an error. */
    public static final String FAILED = "Redis answered with an error";

    private static final Logger LOG = LoggerFactory.getLogger(CacheProbe.class);

    private final CacheSettings settings;
    private final RedisConnectionProvider connections;

    public CacheProbe(CacheSettings settings, RedisConnectionProvider connections) {
        this.settings = settings;
        this.connections = connections;
    }

    public CacheStatus status() {
        if (!settings.isEnabled()) {
            return CacheStatus.disabled();
        }
        Optional<RedisClusterAsyncCommands<String, String>> connection = connections.commands();
        if (connection.isEmpty()) {
            LOG.warn("Health: Redis unreachable at {}", connections.address());
            return CacheStatus.unreachable(UNREACHABLE);
        }
        try {
            // On a cluster, DBSIZE is summed over the masters and INFO comes from one node.
            RedisClusterAsyncCommands<String, String> redis = connection.get();
            CompletableFuture<String> server = redis.info("server").toCompletableFuture();
            CompletableFuture<String> memory = redis.info("memory").toCompletableFuture();
            CompletableFuture<Long> size = redis.dbsize().toCompletableFuture();
            CompletableFuture.allOf(server, memory, size).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new CacheStatus(
                    true,
                    "connected",
                    field(server.get(), "redis_version"),
                    field(memory.get(), "used_memory_human"),
                    size.get(),
                    null);
        } catch (TimeoutException e) {
            return CacheStatus.unreachable(TIMED_OUT);
        } catch (ExecutionException e) {
            LOG.warn(
                    "Health: Redis probe at {} failed: {}",
                    connections.address(),
                    e.getCause().toString());
            return CacheStatus.unreachable(FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CacheStatus.unreachable("interrupted");
        } catch (RuntimeException e) {
            LOG.warn("Health: Redis probe at {} failed: {}", connections.address(), e.toString());
            return CacheStatus.unreachable(FAILED);
        }
    }

    /** One {@code name:value} line of an INFO section. */
    static String field(String info, String name) {
        return info.lines()
                .filter(l -> l.startsWith(name + ":"))
                .findFirst()
                .map(l -> l.substring(name.length() + 1).trim())
                .orElse(null);
    }
}
