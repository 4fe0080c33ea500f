package com.focusapi.shared.persistence;

import com.focusapi.shared.persistence.internal.DatabaseSecret;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * The one connection pool of an execution environment (HikariCP). Sized for Lambda: an environment serves
 * one request at a time, and RDS Proxy multiplexes the environments, so a pool of 2 is enough. The pool
 * starts without a connection ({@code initializationFailTimeout=-1}) so a cold start never fails or waits
 * because the database is down: the first query that needs it gets a 503 instead.
 */
@Factory
public class DataSourceFactory {

    /**
     * The pool itself, injectable only as {@link HikariDataSource}: code that asks for a {@link DataSource}
     * gets the instrumented one below, so no query escapes the database metrics.
     */
    @Singleton
    @Bean(preDestroy = "close", typed = HikariDataSource.class)
    public HikariDataSource pool(DatabaseSettings settings) {
        JdbcUrls.Target target = JdbcUrls.resolve(settings);
        HikariConfig config = new HikariConfig();
        config.setPoolName("focus-api");
        config.setDriverClassName("org.postgresql.Driver");
        config.setJdbcUrl(target.jdbcUrl());
        String user = target.user();
        String password = target.password();
        if ((password == null || password.isEmpty())
                && settings.getSecretArn() != null
                && !settings.getSecretArn().isBlank()) {
            // In AWS: the RDS secret, read once per environment (the pool keeps the credentials).
            DatabaseSecret.Credentials secret =
                    DatabaseSecret.read(settings.getSecretArn(), settings.getSecretsEndpoint());
            user = secret.user() != null ? secret.user() : user;
            password = secret.password();
        }
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(settings.getPoolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(settings.getConnectionTimeoutMs());
        config.setValidationTimeout(Math.max(250, settings.getConnectionTimeoutMs() / 2));
        config.setInitializationFailTimeout(-1);
        // The driver's own timeouts, so a half-open TCP connection cannot hang a request either.
        long connectSeconds = Math.max(1, settings.getConnectionTimeoutMs() / 1000);
        config.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
        config.addDataSourceProperty(
                "socketTimeout", String.valueOf(Math.max(1, settings.getSocketTimeoutMs() / 1000)));
        config.addDataSourceProperty("ApplicationName", "focus-api");
        HikariDataSource dataSource = new HikariDataSource(config);
        if (settings.isMigrate()) {
            // Tests and local tools only: functions in AWS never migrate on a cold start.
            if (!SchemaMigrations.available()) {
                dataSource.close();
                throw new IllegalStateException("database.migrate is set but Flyway is not on the class path: "
                        + "run the migrations function instead");
            }
            SchemaMigrations.apply(dataSource);
        }
        return dataSource;
    }

    /**
     * The DataSource repositories and probes use: the pool behind the decorator (the JDBC metrics proxy) when
     * one is present, so no query escapes the database metrics.
     */
    @Singleton
    @Primary
    public DataSource dataSource(HikariDataSource pool, @Nullable DataSourceDecorator decorator) {
        return decorator == null ? pool : decorator.decorate(pool);
    }
}
