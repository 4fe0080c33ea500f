package com.focusapi.shared.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The way repositories reach PostgreSQL: a connection for the length of a callback, and the translation of
 * "cannot reach the database" into {@link DatabaseUnavailableException} (a 503), so that every repository
 * fails the same clean way.
 */
@Singleton
public class Database {
    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface ConnectionCallback<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a pooled connection in auto-commit mode. */
    public <T> T withConnection(ConnectionCallback<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(ConnectionCallback<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    // A broken connection cannot roll back; the first failure is the one that explains why.
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
            // No need to restore auto-commit: Hikari resets it when the connection returns to the pool.
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * "The database cannot serve us now" is a 503: connection failures (class 08), pool timeouts, too many
     * connections (53300), shutdown or restart in progress (57P01/57P02/57P03), a query cancelled by the
     * socket timeout (57014). Anything else is a bug, rethrown.
     */
    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException
                || (state != null
                        && (state.startsWith("08")
                                || Set.of("53300", "57P01", "57P02", "57P03", "57014")
                                        .contains(state)))) {
            return new DatabaseUnavailableException("Database unavailable: " + e.getMessage(), e);
        }
        return new IllegalStateException("Database error " + state + ": " + e.getMessage(), e);
    }
}
