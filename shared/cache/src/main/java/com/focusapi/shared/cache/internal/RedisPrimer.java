package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.RedisConnectionProvider;
import com.focusapi.shared.lambda.Primer;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * SnapStart priming of the cache: one {@code PING} on the connection, so Lettuce's command path (encoding,
 * the event loop's hand-off, decoding) is loaded before the snapshot. No key is read or written.
 */
@Singleton
public class RedisPrimer implements Primer {
    private final RedisConnectionProvider connections;

    public RedisPrimer(RedisConnectionProvider connections) {
        this.connections = connections;
    }

    @Override
    public String name() {
        return "redis PING";
    }

    @Override
    public String prime() throws Exception {
        var commands = connections.commands();
        if (commands.isEmpty()) {
            return "not connected";
        }
        return commands.get().ping().toCompletableFuture().get(1, TimeUnit.SECONDS);
    }
}
