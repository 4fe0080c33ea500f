package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MissReplyTest {

    @Test
    void aValueStoredMeanwhileIsFilled() {
        assertThat(MissReply.from(List.of(1L, "{\"a\":1}"))).contains(new MissReply(true, "{\"a\":1}", null, false));
    }

    @Test
    void otherwiseTheGenerationAndWhetherTheLockWasTaken() {
        assertThat(MissReply.from(List.of(0L, "7", 1L))).contains(new MissReply(false, null, "7", true));
        assertThat(MissReply.from(List.of(0L, "0", 0L))).contains(new MissReply(false, null, "0", false));
    }

    @Test
    void anyOtherShapeIsEmpty() {
        assertThat(MissReply.from(null)).isEmpty();
        assertThat(MissReply.from(List.of())).isEmpty();
        assertThat(MissReply.from(List.of(1L))).isEmpty();
        assertThat(MissReply.from(List.of(1L, 42L))).isEmpty();
        assertThat(MissReply.from(Arrays.asList(1L, null))).isEmpty();
        assertThat(MissReply.from(List.of(0L, "7"))).isEmpty();
        assertThat(MissReply.from(List.of(0L, 7L, 1L))).isEmpty();
        assertThat(MissReply.from(List.of(0L, "7", "1"))).isEmpty();
        assertThat(MissReply.from(List.of(0L, "7", 2L))).isEmpty();
        assertThat(MissReply.from(List.of("1", "v"))).isEmpty();
        assertThat(MissReply.from(List.of(2L, "v", 1L))).isEmpty();
    }
}
