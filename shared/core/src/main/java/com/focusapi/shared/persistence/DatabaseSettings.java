package com.focusapi.shared.persistence;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * PostgreSQL settings. {@code DATABASE_URL} (a JDBC URL, or a {@code postgres://user:pass@host:port/db}
 * URL) wins; otherwise {@code DATABASE_HOST}/{@code DATABASE_PORT}/{@code DATABASE_NAME}/
 * {@code DATABASE_USER} with {@code DATABASE_PASSWORD}. In AWS the credentials come from Secrets Manager
 * ({@code DATABASE_SECRET_ARN}: an RDS secret's JSON, or the bare password), read once per environment.
 */
@ConfigurationProperties("database")
public class DatabaseSettings {
    private @Nullable String url;
    private String host = "localhost";
    private int port = 5432;
    private String name = "focus";
    private String user = "focus";
    private @Nullable String password;
    private @Nullable String secretArn;
    /** Endpoint override of Secrets Manager for the database secret (tests: moto). */
    private @Nullable String secretsEndpoint;
    /** One Lambda environment serves one request at a time: two connections cover the request and health. */
    private int poolSize = 2;
    /** How long a request waits for a connection before the API answers 503. */
    private long connectionTimeoutMs = 2000;
    /**
     * Longest wait for the database's answer on an open connection. Below the function's Lambda timeout
     * (20 s), so a hung query ends as a clean 503, not as a Lambda timeout.
     */
    private long socketTimeoutMs = 10_000;
    /** Apply Flyway migrations when the pool starts (the local API does; Lambda functions do not). */
    private boolean migrate = false;

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public @Nullable String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public @Nullable String getSecretArn() {
        return secretArn;
    }

    public void setSecretArn(@Nullable String secretArn) {
        this.secretArn = secretArn;
    }

    public @Nullable String getSecretsEndpoint() {
        return secretsEndpoint;
    }

    public void setSecretsEndpoint(@Nullable String secretsEndpoint) {
        this.secretsEndpoint = secretsEndpoint;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    public long getConnectionTimeoutMs() {
        return connectionTimeoutMs;
    }

    public void setConnectionTimeoutMs(long connectionTimeoutMs) {
        this.connectionTimeoutMs = connectionTimeoutMs;
    }

    public long getSocketTimeoutMs() {
        return socketTimeoutMs;
    }

    public void setSocketTimeoutMs(long socketTimeoutMs) {
        this.socketTimeoutMs = socketTimeoutMs;
    }

    public boolean isMigrate() {
        return migrate;
    }

    public void setMigrate(boolean migrate) {
        this.migrate = migrate;
    }
}
