package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.cache.CacheSettings;
import com.focusapi.shared.cache.NeverCached;
import io.micronaut.core.type.Argument;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SingleFlightTest {
    private static final Logger LOG = LoggerFactory.getLogger(SingleFlightTest.class);
    private final KeyLayout layout = new KeyLayout("focus", 1);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aMalformedMissAnswerIsACacheFailure() {
        assertThat(load(CannedRedis.scripts(List.of(1L, 42L)))).isEqualTo(7);
        assertThat(load(CannedRedis.scripts(List.of(0L, 3L, 1L)))).isEqualTo(7);
        assertThat(load(CannedRedis.scripts(List.of("0")))).isEqualTo(7);
        assertThat(loads).hasValue(3);
    }

    @Test
    void aMalformedAwaitAnswerStopsWaiting() {
        assertThat(load(CannedRedis.scripts(List.of(0L, "0", 0L), List.of(1L, 42L))))
                .isEqualTo(7);
        assertThat(load(CannedRedis.scripts(List.of(0L, "0", 0L), List.of(0L, "1"))))
                .isEqualTo(7);
        assertThat(loads).hasValue(2);
    }

    private Integer load(CannedRedis redis) {
        RedisGuard guard = redis.guard();
        EntryStore entries = new EntryStore(layout, guard, new CacheCodec(NeverCached.class), 0, LOG);
        SingleFlight flight = new SingleFlight(new CacheSettings(), layout, guard, entries, LOG);
        return flight.load("user:1:stats", Duration.ofMinutes(1), Argument.of(Integer.class), () -> {
            loads.incrementAndGet();
            return 7;
        });
    }
}
