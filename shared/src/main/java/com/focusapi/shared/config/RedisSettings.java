package com.focusapi.shared.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where Redis is. Read from the guide's variables: {@code REDIS_URL} wins; otherwise
 * {@code REDIS_HOST}/{@code REDIS_PORT}/{@code REDIS_DB}/{@code REDIS_PASSWORD}.
 * Micronaut maps each environment variable to the property of the same name in lower case with dots
 * ({@code REDIS_URL} is {@code redis.url}), so tests and the local API set properties, AWS sets variables.
 */
@ConfigurationProperties("redis")
public class RedisSettings {
    private @Nullable String url;
    private String host = "localhost";
    private int port = 6379;
    private int db = 0;
    private @Nullable String password;
    /** Connect timeout: a cold start never waits longer than this for an absent Redis. */
    private long connectTimeoutMs = 1000;
    /** Per-command timeout: a slow Redis never costs a request more than this. */
    private long commandTimeoutMs = 250;

    public @Nullable String getUrl() { return url; }
    public void setUrl(@Nullable String url) { this.url = url; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public int getDb() { return db; }
    public void setDb(int db) { this.db = db; }
    public @Nullable String getPassword() { return password; }
    public void setPassword(@Nullable String password) { this.password = password; }
    public long getConnectTimeoutMs() { return connectTimeoutMs; }
    public void setConnectTimeoutMs(long connectTimeoutMs) { this.connectTimeoutMs = connectTimeoutMs; }
    public long getCommandTimeoutMs() { return commandTimeoutMs; }
    public void setCommandTimeoutMs(long commandTimeoutMs) { this.commandTimeoutMs = commandTimeoutMs; }
}
