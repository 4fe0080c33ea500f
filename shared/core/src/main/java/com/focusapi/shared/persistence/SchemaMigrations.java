package com.focusapi.shared.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations in {@code db/migration} (this module's resources) with Flyway. Flyway is an
 * optional dependency of core: only the migrations function, the local API and the test suites put it on
 * their class path, so no request-serving function carries it.
 */
public final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    private SchemaMigrations() {}

    /** The migrations the schema is at afterwards: its version and how many ran now. */
    public record Outcome(String schemaVersion, int migrationsExecuted) {}

    public static Outcome apply(DataSource dataSource) {
        return apply(Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .load());
    }

    /** The same, on a database given by JDBC URL (the local API, before any function starts). */
    public static Outcome apply(String jdbcUrl, String user, String password) {
        return apply(Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .load());
    }

    private static Outcome apply(Flyway flyway) {
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info("Database schema at version {} ({} migration(s) applied)", version, result.migrationsExecuted);
        return new Outcome(version, result.migrationsExecuted);
    }

    /** Whether Flyway is on the class path (for a clear error when {@code database.migrate} is set without it). */
    static boolean available() {
        try {
            Class.forName("org.flywaydb.core.Flyway", false, SchemaMigrations.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
