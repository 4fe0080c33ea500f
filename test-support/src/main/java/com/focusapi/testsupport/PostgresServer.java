package com.focusapi.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL (zonky's embedded binaries, version 17) on a loopback port, with its own data folder
 * so that it can be stopped and started again on the same port and keep its data.
 */
public final class PostgresServer implements AutoCloseable {
    private final int port;
    private final Path dataDirectory;
    private EmbeddedPostgres postgres;

    private PostgresServer(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    public static PostgresServer start() {
        try {
            PostgresServer server = new PostgresServer(FreePorts.find(), Files.createTempDirectory("focus-pg-"));
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void startAgain() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            postgres = null;
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of database {@code postgres}, user {@code postgres} (no password, loopback only). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        stop();
    }
}
