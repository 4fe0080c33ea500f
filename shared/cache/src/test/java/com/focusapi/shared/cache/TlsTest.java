package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.RedisServer;
import com.focusapi.testsupport.TlsFiles;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code rediss://} against a real TLS Redis, with a throwaway CA; an untrusted certificate is refused. */
class TlsTest {
    private static TlsFiles tls;
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        tls = TlsFiles.generate();
        redis = RedisServer.startTls(tls);
    }

    @AfterAll
    static void stop() {
        redis.stop();
    }

    @Test
    void cachesOverTls() {
        try (ApplicationContext context = CacheContexts.start(
                redis.tlsUrl(), "redis.tls-ca-file", tls.caCert().toString())) {
            CacheService cache = context.getBean(CacheService.class);
            assertThat(cache.set("user:1:profile", "over tls")).isTrue();
            assertThat(cache.get("user:1:profile", String.class)).contains("over tls");
            CacheStatus status = context.getBean(CacheProbe.class).status();
            assertThat(status.isConnected()).isTrue();
            assertThat(context.getBean(RedisConnectionProvider.class).address()).startsWith("rediss://");
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedQuietly() {
        try (ApplicationContext context = CacheContexts.start(redis.tlsUrl())) {
            CacheService cache = context.getBean(CacheService.class);
            assertThat(cache.set("user:1:profile", "never")).isFalse();
            assertThat(cache.getOrLoad("user:1:profile", java.time.Duration.ofMinutes(1), String.class, () -> "db"))
                    .isEqualTo("db");
            assertThat(context.getBean(CacheProbe.class).status().isConnected()).isFalse();
        }
    }
}
