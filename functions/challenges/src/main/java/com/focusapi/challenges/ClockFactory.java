package com.focusapi.challenges;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** "Today" of the challenges (windows, scores, lifecycle) comes from this bean, so tests can move it. */
@Factory
public class ClockFactory {
    @Singleton
    public Clock clock() {
        return Clock.systemUTC();
    }
}
