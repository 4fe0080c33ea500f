package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyLayoutTest {
    private final KeyLayout layout = new KeyLayout("focus", 3);

    @Test
    void familiesAreTheFirstTwoSegments() {
        assertThat(KeyLayout.family("user:123:stats:daily:2024-10-30")).isEqualTo("user:123");
        assertThat(KeyLayout.family("user:123")).isEqualTo("user:123");
        assertThat(KeyLayout.family("config")).isEqualTo("config");
    }

    @Test
    void physicalKeysCarryNamespaceVersionAndHashTag() {
        assertThat(layout.data("user:123:profile")).isEqualTo("focus:v3:{user:123}:profile");
        assertThat(layout.data("user:123")).isEqualTo("focus:v3:{user:123}");
        assertThat(layout.tagSet("user:123")).isEqualTo("focus:v3:{user:123}~keys");
        assertThat(layout.generation("user:123")).isEqualTo("focus:v3:{user:123}~gen");
        assertThat(layout.lock("user:123:profile")).isEqualTo("focus:v3:{user:123}:profile~lock");
    }

    @Test
    void logicalKeysComeBackAndInternalKeysAreSkipped() {
        assertThat(layout.logical("focus:v3:{user:123}:profile")).isEqualTo("user:123:profile");
        assertThat(layout.logical("focus:v3:{user:123}~keys")).isNull();
        assertThat(layout.logical("focus:v2:{user:123}:profile")).isNull();
        assertThat(layout.logical("other:user:123")).isNull();
    }

    @Test
    void globsMatchLikeRedis() {
        assertThat(KeyLayout.globToRegex("user:*:stats")
                        .matcher("user:12:stats")
                        .matches())
                .isTrue();
        assertThat(KeyLayout.globToRegex("user:*:stats")
                        .matcher("user:12:profile")
                        .matches())
                .isFalse();
        assertThat(KeyLayout.globToRegex("user:1?").matcher("user:12").matches())
                .isTrue();
        assertThat(KeyLayout.globToRegex("user:1?").matcher("user:1").matches()).isFalse();
        assertThat(KeyLayout.globToRegex("user:[12]").matcher("user:2").matches())
                .isTrue();
        assertThat(KeyLayout.globToRegex("a.b").matcher("axb").matches()).isFalse();
    }

    @Test
    void keysThatWouldBreakTheLayoutAreRejected() {
        for (String bad : new String[] {"", "two words", "user:{1}", "user:1~keys", "user:*", "user:[1]"}) {
            assertThatThrownBy(() -> layout.data(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
