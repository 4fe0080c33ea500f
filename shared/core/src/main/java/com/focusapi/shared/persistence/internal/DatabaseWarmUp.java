package com.focusapi.shared.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.sql.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code database.connect-at-init=true}: the pool and its first connection (the driver's classes, TCP, the
 * authentication) are opened on a thread of their own while the rest of the start-up goes on, instead of in
 * the first request. Off by default: the pool otherwise opens nothing before a query needs it (see
 * DataSourceFactory), and BENCHMARKS.md says what this measured.
 */
@Context
@Requires(property = "database.connect-at-init", value = "true")
public class DatabaseWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWarmUp.class);

    public DatabaseWarmUp(BeanProvider<HikariDataSource> pool) {
        Thread thread = new Thread(
                () -> {
                    try (Connection connection = pool.get().getConnection()) {
                        LOG.debug("Database connection opened at init");
                    } catch (Exception e) {
                        // The first query reports it (503): a cold start never fails for the database.
                        LOG.debug("Database not reachable at init: {}", e.toString());
                    }
                },
                "focus-database-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
