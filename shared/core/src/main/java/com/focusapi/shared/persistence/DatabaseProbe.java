package com.focusapi.shared.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/** The health check of the database: a bounded {@code SELECT 1}. */
@Singleton
public class DatabaseProbe {
    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    public DatabaseProbe(DataSource dataSource, DatabaseSettings settings) {
        this.dataSource = dataSource;
        this.queryTimeoutSeconds = (int) Math.max(1, settings.getConnectionTimeoutMs() / 1000);
    }

    /** True when a pooled connection answers {@code SELECT 1} within the connection timeout. */
    public boolean isConnected() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                return rs.next();
            }
        } catch (Exception e) {
            return false;
        }
    }
}
