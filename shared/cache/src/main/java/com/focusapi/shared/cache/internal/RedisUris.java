package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.RedisSettings;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/** Builds the Lettuce {@link RedisURI} from the guide's variables ({@code REDIS_URL} first). */
public final class RedisUris {
    private RedisUris() {}

    public static RedisURI from(RedisSettings settings) {
        RedisURI uri;
        if (settings.getUrl() != null && !settings.getUrl().isBlank()) {
            // redis://[user:password@]host:port/db, or rediss:// for TLS.
            uri = RedisURI.create(settings.getUrl().trim());
        } else {
            uri = from(settings, settings.getHost(), settings.getPort(), false);
        }
        uri.setTimeout(timeout(settings));
        return uri;
    }

    /**
     * The URI's timeout bounds the connect handshake (TCP, TLS, HELLO/AUTH), which on a cold JVM takes far
     * longer than a command; commands have their own, shorter timeout (TimeoutOptions).
     */
    private static Duration timeout(RedisSettings settings) {
        return Duration.ofMillis(Math.max(settings.getConnectTimeoutMs(), settings.getCommandTimeoutMs()));
    }

    /** A discovered endpoint, with the password/user and database of the settings. */
    public static RedisURI from(RedisSettings settings, String host, int port, boolean tls) {
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(host)
                .withPort(port)
                .withDatabase(settings.getDb())
                .withSsl(tls);
        if (settings.getPassword() != null && !settings.getPassword().isEmpty()) {
            if (settings.getUser() != null && !settings.getUser().isBlank()) {
                builder.withAuthentication(settings.getUser(), settings.getPassword());
            } else {
                builder.withPassword(settings.getPassword().toCharArray());
            }
        }
        RedisURI uri = builder.build();
        uri.setTimeout(timeout(settings));
        return uri;
    }

    /** The address for logs and health answers, never the password. */
    public static String describe(RedisURI uri) {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }
}
