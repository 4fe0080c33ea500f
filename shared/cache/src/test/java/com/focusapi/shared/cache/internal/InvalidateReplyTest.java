package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidateReplyTest {

    @Test
    void deletedAndRemainingMembers() {
        assertThat(InvalidateReply.from(List.of(4L, 0L))).contains(new InvalidateReply(4, 0));
        assertThat(InvalidateReply.from(List.of(0L, 2L))).contains(new InvalidateReply(0, 2));
    }

    @Test
    void anyOtherShapeIsEmpty() {
        assertThat(InvalidateReply.from(null)).isEmpty();
        assertThat(InvalidateReply.from(List.of())).isEmpty();
        assertThat(InvalidateReply.from(List.of(4L))).isEmpty();
        assertThat(InvalidateReply.from(List.of("4", 0L))).isEmpty();
        assertThat(InvalidateReply.from(Arrays.asList(4L, null))).isEmpty();
        assertThat(InvalidateReply.from(List.of(-1L, 0L))).isEmpty();
        assertThat(InvalidateReply.from(List.of(4L, 0L, 0L))).isEmpty();
    }
}
