package com.focusapi.migrate;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Applies the Flyway migrations in AWS. Functions never migrate on a cold start (hundreds of environments
 * would race at every deploy); this one runs once per deploy, as a CloudFormation custom resource whose
 * properties change with the function's code, or by hand ({@code sam remote invoke MigrateFunction}).
 */
public class MigrationHandler extends MicronautRequestHandler<Map<String, Object>, Map<String, Object>> {
    @Inject
    SchemaMigration migration;

    /** What Lambda calls. */
    public MigrationHandler() {
        super();
    }

    /** The same handler over given properties (tests, the local API's {@code invoke}). */
    public MigrationHandler(ApplicationContextBuilder builder) {
        super(builder);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> event) {
        return migration.handle(event);
    }
}
