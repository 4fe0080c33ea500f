package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.RedisCheckpointHook;
import com.focusapi.shared.cache.internal.RedisConnector;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The single Redis connection of an execution environment (standalone or cluster), opened at init so that
 * a SnapStart snapshot is taken after the class loading and TLS set-up it needs (the init waits for it at
 * most the connect timeout plus one second); closed before the checkpoint and reopened after the restore
 * (CRaC). Connecting only ever happens on a background thread; Lettuce reconnects an established
 * connection by itself when Redis comes back.
 * The commands interface is the cluster one, which the standalone commands also implement.
 */
@Context
public class RedisConnectionProvider implements AutoCloseable {
    private final RedisConnector connector;
    private final boolean enabled;
    /** Kept here: CRaC holds registered resources weakly. */
    private final Resource checkpointHook;

    public RedisConnectionProvider(RedisSettings settings, CacheSettings cacheSettings) {
        this.connector = new RedisConnector(settings);
        this.enabled = cacheSettings.isEnabled();
        this.checkpointHook = new RedisCheckpointHook(connector);
    }

    @PostConstruct
    void init() {
        Core.getGlobalContext().register(checkpointHook);
        if (enabled) {
            // Bounded: a Redis that does not answer delays the init by at most the connect timeout (plus 1 s),
            // then the connect goes on in the background and requests miss meanwhile.
            connector.connect(connector.startupWait());
        }
    }

    /** The connection's commands, or empty when not connected now (or the cache is off). Never blocks or throws. */
    public Optional<RedisClusterAsyncCommands<String, String>> commands() {
        return enabled ? connector.commands() : Optional.empty();
    }

    /**
     * Drops the connection in the background and opens a new one (the breaker just opened: the old one may
     * be dead without knowing it). Never blocks or throws.
     */
    public void replaceConnection() {
        if (enabled) {
            connector.replace();
        }
    }

    /** Where Redis is, without secrets. */
    public String address() {
        return connector.address();
    }

    public boolean isCluster() {
        return connector.isCluster();
    }

    /** What the JVM calls around a checkpoint; tests call it to simulate one. */
    Resource checkpointHook() {
        return checkpointHook;
    }

    @PreDestroy
    @Override
    public void close() {
        connector.close();
    }
}
