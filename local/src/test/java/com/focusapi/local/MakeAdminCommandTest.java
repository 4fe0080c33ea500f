package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make-admin <email>}, as a developer types it, in its own JVM, on the data folder's embedded PostgreSQL. */
class MakeAdminCommandTest {

    @Test
    void givesTheRoleToThatAccountOnly(@TempDir Path dataDirectory) throws Exception {
        try (EmbeddedServices services = EmbeddedServices.start(dataDirectory, Map.of("CACHE_ENABLED", "false"))) {
            sql(
                    services,
                    "INSERT INTO users (email, username, password_hash) VALUES ('Boss@Example.com', 'boss', 'x'), "
                            + "('other@example.com', 'other', 'x')");
        }
        Run unknown = makeAdmin(dataDirectory, "nobody@example.com");
        assertThat(unknown.exit()).as(unknown.output()).isEqualTo(1);

        Run run = makeAdmin(dataDirectory, "boss@EXAMPLE.com");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("(boss) is now an admin");
        try (EmbeddedServices services = EmbeddedServices.start(dataDirectory, Map.of("CACHE_ENABLED", "false"));
                Connection c = connect(services);
                ResultSet rs = c.createStatement().executeQuery("SELECT username, role FROM users ORDER BY username")) {
            rs.next();
            assertThat(rs.getString(1) + ":" + rs.getString(2)).isEqualTo("boss:admin");
            rs.next();
            assertThat(rs.getString(1) + ":" + rs.getString(2)).isEqualTo("other:user");
        }
    }

    private record Run(int exit, String output) {}

    private static Run makeAdmin(Path dataDirectory, String email) throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalApi.class.getName(),
                        "make-admin",
                        email,
                        "--data-dir",
                        dataDirectory.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Connection connect(EmbeddedServices services) throws Exception {
        EmbeddedServices.Endpoints db = services.endpoints();
        return DriverManager.getConnection(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
    }

    private static void sql(EmbeddedServices services, String statement) throws Exception {
        try (Connection c = connect(services)) {
            c.createStatement().executeUpdate(statement);
        }
    }
}
