package com.focusapi.local;

import com.focusapi.shared.persistence.DatabaseSettings;
import com.focusapi.shared.persistence.JdbcUrls;
import com.focusapi.shared.persistence.SchemaMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * PostgreSQL and Redis for the local API: embedded unless {@code DATABASE_URL} / {@code REDIS_URL} name
 * external ones. The embedded PostgreSQL keeps its data in {@code <data>/postgres} between runs. The
 * schema is migrated here, once, before any function starts.
 */
public final class EmbeddedServices implements AutoCloseable {

    /** Where the functions find their backing services. */
    public record Endpoints(
            String jdbcUrl,
            String databaseUser,
            String databasePassword,
            boolean databaseEmbedded,
            String redisUrl,
            boolean redisEmbedded,
            boolean cacheEnabled) {}

    private EmbeddedPostgres postgres;
    private RedisServer redis;
    private Endpoints endpoints;

    public static EmbeddedServices start(Path dataDirectory, Map<String, String> env) throws IOException {
        EmbeddedServices services = new EmbeddedServices();
        try {
            services.startAll(dataDirectory, env);
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
        return services;
    }

    private void startAll(Path dataDirectory, Map<String, String> env) throws IOException {
        String jdbcUrl;
        String user;
        String password;
        boolean databaseEmbedded = blank(env.get("DATABASE_URL")) && blank(env.get("DATABASE_HOST"));
        if (databaseEmbedded) {
            Path pgData = Files.createDirectories(dataDirectory.resolve("postgres"));
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    .start();
            jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            user = "postgres";
            password = "";
        } else {
            DatabaseSettings settings = new DatabaseSettings();
            settings.setUrl(env.get("DATABASE_URL"));
            if (!blank(env.get("DATABASE_HOST"))) {
                settings.setHost(env.get("DATABASE_HOST"));
            }
            if (!blank(env.get("DATABASE_PORT"))) {
                settings.setPort(Integer.parseInt(env.get("DATABASE_PORT")));
            }
            if (!blank(env.get("DATABASE_NAME"))) {
                settings.setName(env.get("DATABASE_NAME"));
            }
            if (!blank(env.get("DATABASE_USER"))) {
                settings.setUser(env.get("DATABASE_USER"));
            }
            settings.setPassword(env.get("DATABASE_PASSWORD"));
            JdbcUrls.Target target = JdbcUrls.resolve(settings);
            jdbcUrl = target.jdbcUrl();
            user = target.user();
            password = target.password();
        }
        migrate(jdbcUrl, user, password);

        boolean cacheEnabled = !"false"
                .equalsIgnoreCase(env.getOrDefault("CACHE_ENABLED", "true").trim());
        String redisUrl = env.get("REDIS_URL");
        boolean redisEmbedded = cacheEnabled && blank(redisUrl) && blank(env.get("REDIS_HOST"));
        if (redisEmbedded) {
            int port = freePort();
            redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("maxmemory 128mb")
                    .setting("maxmemory-policy allkeys-lru")
                    .build();
            redis.start();
            redisUrl = "redis://127.0.0.1:" + port + "/0";
        }
        endpoints = new Endpoints(jdbcUrl, user, password, databaseEmbedded, redisUrl, redisEmbedded, cacheEnabled);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    private static void migrate(String jdbcUrl, String user, String password) {
        SchemaMigrations.apply(jdbcUrl, user, password);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        if (redis != null) {
            try {
                redis.stop();
            } catch (IOException e) {
                System.err.println("Stopping Redis: " + e.getMessage());
            }
            redis = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("Stopping PostgreSQL: " + e.getMessage());
            }
            postgres = null;
        }
    }
}
