package com.focusapi.shared.cache.internal;

import com.focusapi.shared.config.RedisSettings;
import io.lettuce.core.RedisURI;

import java.time.Duration;

/** Builds the Lettuce {@link RedisURI} from the guide's variables ({@code REDIS_URL} first). */
public final class RedisUris {
    private RedisUris() {
    }

    public static RedisURI from(RedisSettings settings) {
        RedisURI uri;
        if (settings.getUrl() != null && !settings.getUrl().isBlank()) {
            uri = RedisURI.create(settings.getUrl().trim());
        } else {
            RedisURI.Builder builder = RedisURI.builder().withHost(settings.getHost()).withPort(settings.getPort())
                    .withDatabase(settings.getDb());
            if (settings.getPassword() != null && !settings.getPassword().isEmpty()) {
                builder.withPassword(settings.getPassword().toCharArray());
            }
            uri = builder.build();
        }
        // The URI timeout also bounds the connection handshake (HELLO/AUTH/SELECT), which pays for class
        // loading and TLS on a cold, CPU-starved start: give it the connect budget. Commands get the short
        // command timeout through TimeoutOptions (RedisConnectionProvider).
        uri.setTimeout(Duration.ofMillis(Math.max(settings.getConnectTimeoutMs(), settings.getCommandTimeoutMs())));
        return uri;
    }

    /** The address for logs and health answers, never the password. */
    public static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }
}
