package com.focusapi.shared.persistence.internal;

import com.focusapi.shared.lambda.Primer;
import com.focusapi.shared.persistence.DatabaseProbe;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

/** SnapStart priming of the database: the pool, the driver and one round trip, through {@code SELECT 1}. */
@Singleton
public class DatabasePrimer implements Primer {
    /** Resolved when priming: a function without a database fails here, reported, not at start-up. */
    private final BeanProvider<DatabaseProbe> probe;

    public DatabasePrimer(BeanProvider<DatabaseProbe> probe) {
        this.probe = probe;
    }

    @Override
    public String name() {
        return "database SELECT 1";
    }

    @Override
    public String prime() {
        return probe.get().isConnected() ? "connected" : "unreachable";
    }
}
