package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TagInvalidationTest {
    private final KeyLayout layout = new KeyLayout("focus", 1);

    @Test
    void countsTheEntriesOfEveryRound() {
        CannedRedis redis =
                CannedRedis.scripts(List.of(2L, 1L), List.of(1L, 0L)).smembers(Set.of(layout.data("user:1:a")));
        assertThat(invalidation(redis).invalidate("user:1")).isEqualTo(3);
    }

    @Test
    void aMalformedAnswerEndsTheInvalidationWithoutThrowing() {
        CannedRedis redis = CannedRedis.scripts(List.of("2", 0L)).smembers(Set.of(layout.data("user:1:a")));
        assertThat(invalidation(redis).invalidate("user:1")).isZero();
    }

    private TagInvalidation invalidation(CannedRedis redis) {
        return new TagInvalidation(layout, redis.guard(), LoggerFactory.getLogger(TagInvalidationTest.class));
    }
}
