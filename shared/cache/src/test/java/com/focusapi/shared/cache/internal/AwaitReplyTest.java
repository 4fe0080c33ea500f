package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwaitReplyTest {

    @Test
    void theLoadersValueOnceStored() {
        assertThat(AwaitReply.from(List.of(1L, "3"))).contains(new AwaitReply(true, "3", false));
    }

    @Test
    void otherwiseWhetherTheLoaderStillHoldsTheLock() {
        assertThat(AwaitReply.from(List.of(0L, 1L))).contains(new AwaitReply(false, null, true));
        assertThat(AwaitReply.from(List.of(0L, 0L))).contains(new AwaitReply(false, null, false));
    }

    @Test
    void anyOtherShapeIsEmpty() {
        assertThat(AwaitReply.from(null)).isEmpty();
        assertThat(AwaitReply.from(List.of())).isEmpty();
        assertThat(AwaitReply.from(List.of(1L))).isEmpty();
        assertThat(AwaitReply.from(List.of(1L, 3L))).isEmpty();
        assertThat(AwaitReply.from(Arrays.asList(1L, null))).isEmpty();
        assertThat(AwaitReply.from(List.of(0L, "1"))).isEmpty();
        assertThat(AwaitReply.from(List.of(0L, 5L))).isEmpty();
        assertThat(AwaitReply.from(List.of(1L, "3", 1L))).isEmpty();
    }
}
