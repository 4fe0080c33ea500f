package com.focusapi.shared.cache;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where Redis is. Read from the guide's variables: {@code REDIS_URL} wins; otherwise
 * {@code REDIS_HOST}/{@code REDIS_PORT}/{@code REDIS_DB}/{@code REDIS_PASSWORD}.
 * Micronaut maps each environment variable to the property of the same name in lower case with dots
 * ({@code REDIS_URL} is {@code redis.url}), so tests and the local API set properties, AWS sets variables.
 * <p>
 * ElastiCache Serverless only offers cluster mode: {@code REDIS_CLUSTER=true} connects with Lettuce's
 * cluster client. With only {@code REDIS_CACHE_NAME}, the endpoint is looked up through the ElastiCache API
 * at init; {@code REDIS_IAM_AUTH=true} authenticates as {@code REDIS_USER} with a SigV4 token instead of a
 * password.
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
    /** Use the cluster client (ElastiCache Serverless, cluster-mode replication groups). */
    private boolean cluster = false;
    /** ElastiCache serverless cache or replication group whose endpoint is discovered when no URL/host is set. */
    private @Nullable String cacheName;
    /** Authenticate with an ElastiCache IAM token (SigV4, valid 15 minutes, refreshed before). */
    private boolean iamAuth = false;
    /** The ElastiCache (ACL) user id for IAM authentication, or the ACL user name with a password. */
    private @Nullable String user;
    /** AWS region for discovery and IAM tokens; empty means the SDK's default chain ({@code AWS_REGION}). */
    private @Nullable String region;
    /** A PEM file of the CA(s) that sign the server's TLS certificate; empty means the JDK's trust store. */
    private @Nullable String tlsCaFile;

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

    public int getDb() {
        return db;
    }

    public void setDb(int db) {
        this.db = db;
    }

    public @Nullable String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public long getConnectTimeoutMs() {
        return connectTimeoutMs;
    }

    public void setConnectTimeoutMs(long connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
    }

    public long getCommandTimeoutMs() {
        return commandTimeoutMs;
    }

    public void setCommandTimeoutMs(long commandTimeoutMs) {
        this.commandTimeoutMs = commandTimeoutMs;
    }

    public boolean isCluster() {
        return cluster;
    }

    public void setCluster(boolean cluster) {
        this.cluster = cluster;
    }

    public @Nullable String getCacheName() {
        return cacheName;
    }

    public void setCacheName(@Nullable String cacheName) {
        this.cacheName = cacheName;
    }

    public boolean isIamAuth() {
        return iamAuth;
    }

    public void setIamAuth(boolean iamAuth) {
        this.iamAuth = iamAuth;
    }

    public @Nullable String getUser() {
        return user;
    }

    public void setUser(@Nullable String user) {
        this.user = user;
    }

    public @Nullable String getRegion() {
        return region;
    }

    public void setRegion(@Nullable String region) {
        this.region = region;
    }

    public @Nullable String getTlsCaFile() {
        return tlsCaFile;
    }

    public void setTlsCaFile(@Nullable String tlsCaFile) {
        this.tlsCaFile = tlsCaFile;
    }
}
