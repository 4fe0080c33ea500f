package com.focusapi.shared.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.testsupport.RedisServer;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets never reach Redis: marked fields are stripped, marked types refused (even nested). */
class NeverCachedTest {
    record Account(long id, String email, @NeverCached String passwordHash) {}

    @NeverCached
    record RefreshToken(long userId, String token) {}

    record Session(long userId, List<RefreshToken> tokens) {}

    private static RedisServer redis;
    private static ApplicationContext context;
    private static CacheService cache;
    private static String namespace;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        context = CacheContexts.start(redis.url());
        cache = context.getBean(CacheService.class);
        namespace = context.getBean(CacheSettings.class).getNamespace();
    }

    @AfterAll
    static void stop() {
        context.close();
        redis.stop();
    }

    @Test
    void secretFieldsAreStripped() {
        assertThat(cache.set("user:1:profile", new Account(1, "a@example.com", "$argon2id$v=19$secret")))
                .isTrue();
        String stored = redis.cli("get", namespace + ":v1:{user:1}:profile");
        assertThat(stored).contains("a@example.com").doesNotContain("argon2").doesNotContain("password");
        assertThat(cache.get("user:1:profile", Account.class)).contains(new Account(1, "a@example.com", null));
    }

    @Test
    void secretTypesAreRefusedEvenNested() {
        assertThat(cache.set("user:2:token", new RefreshToken(2, "tok-123"))).isFalse();
        assertThat(cache.set("user:2:session", new Session(2, List.of(new RefreshToken(2, "tok-456")))))
                .isFalse();
        assertThat(cache.exists("user:2:token")).isFalse();
        assertThat(cache.exists("user:2:session")).isFalse();
        assertThat(redis.cli("--scan", "--pattern", namespace + "*")).doesNotContain("user:2");
    }

    @Test
    void getOrLoadPassesASecretThroughUncached() {
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            RefreshToken token = cache.getOrLoad("user:3:token", Duration.ofMinutes(1), RefreshToken.class, () -> {
                loads.incrementAndGet();
                return new RefreshToken(3, "tok-789");
            });
            assertThat(token.token()).isEqualTo("tok-789");
        }
        assertThat(loads).hasValue(2);
        assertThat(cache.exists("user:3:token")).isFalse();
    }
}
