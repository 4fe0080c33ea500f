package com.focusapi.migrate;

import com.focusapi.shared.persistence.SchemaMigrations;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations for a manual invocation or a CloudFormation custom-resource event. For the latter the
 * answer always reaches CloudFormation (SUCCESS or FAILED with the reason): a stack must never wait an hour
 * for a function that crashed.
 */
@Singleton
public class SchemaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);
    static final String PHYSICAL_ID = "focus-api-schema";

    private final HikariDataSource pool;
    private final CustomResourceResponder responder;

    public SchemaMigration(HikariDataSource pool, CustomResourceResponder responder) {
        this.pool = pool;
        this.responder = responder;
    }

    public Map<String, Object> handle(Map<String, Object> event) {
        if (!event.containsKey("ResponseURL")) {
            return migrate();
        }
        String requestType = String.valueOf(event.get("RequestType"));
        try {
            // Delete leaves the schema alone: dropping a stack must not drop the users' data.
            Map<String, Object> data = "Delete".equals(requestType) ? Map.of() : migrate();
            responder.send(event, CustomResourceResponder.Status.SUCCESS, PHYSICAL_ID, "", data);
            return data;
        } catch (RuntimeException e) {
            LOG.error("Schema migration failed ({}): {}", requestType, e.getMessage(), e);
            responder.send(
                    event,
                    CustomResourceResponder.Status.FAILED,
                    PHYSICAL_ID,
                    "Schema migration failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    Map.of());
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    private Map<String, Object> migrate() {
        SchemaMigrations.Outcome outcome = SchemaMigrations.apply(pool);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schema_version", outcome.schemaVersion() == null ? "" : outcome.schemaVersion());
        data.put("migrations_applied", outcome.migrationsExecuted());
        return data;
    }
}
