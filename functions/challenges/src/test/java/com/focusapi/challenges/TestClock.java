package com.focusapi.challenges;

import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock of every context of the suite: the real time until a test pins a day (shared by all contexts of the JVM). */
@Singleton
@Replaces(value = Clock.class, factory = ClockFactory.class)
public class TestClock extends Clock {
    private static volatile Instant pinned;

    public static void today(LocalDate day) {
        pinned = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    public static void reset() {
        pinned = null;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant day = pinned;
        return day != null ? day : Instant.now();
    }
}
