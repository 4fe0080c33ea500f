package com.focusapi.shared.cache;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads what the health answer shows of Redis (INFO and DBSIZE), bounded by a short timeout. */
@Singleton
public class CacheProbe {
    static final Duration TIMEOUT = Duration.ofMillis(1000);

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
            return CacheStatus.unreachable("Redis unreachable at " + connections.address());
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
            return CacheStatus.unreachable("Redis did not answer within " + TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return CacheStatus.unreachable(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CacheStatus.unreachable("interrupted");
        } catch (RuntimeException e) {
            return CacheStatus.unreachable(e.getMessage());
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
