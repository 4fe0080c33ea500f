package com.focusapi.shared.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;

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

    /** Integrity violations: the request lost a race for a unique value, or its row vanished meanwhile. */
    private static final Set<String> CONFLICTS = Set.of("23505", "23P01", "23503");

    /** Integrity violations of a rule of the schema (CHECK, NOT NULL, RESTRICT). */
    private static final Set<String> BROKEN_RULES = Set.of("23514", "23502", "23001");

    /**
     * Data exceptions a request's values can cause: string too long (22001), numeric overflow (22003), a
     * date or time out of range or unreadable (22007, 22008, 22009), a negative or huge OFFSET/LIMIT (2201W,
     * 2201X), a NUL or a byte sequence PostgreSQL cannot store (22021, 22P05), text that is not of the type
     * (22P02). Others of class 22 (division by zero...) come from our own SQL: a bug, left a 500.
     */
    private static final Set<String> INVALID_VALUES =
            Set.of("22001", "22003", "22007", "22008", "22009", "2201W", "2201X", "22021", "22P02", "22P05");

    /**
     * "The database cannot serve us now" is a 503: connection failures (class 08), pool timeouts, too many
     * connections (53300), shutdown or restart in progress (57P01/57P02/57P03), a query cancelled by the
     * socket timeout (57014). "The database refused these values" is a 4xx ({@link DatabaseRejectedException}).
     * Anything else is a bug, rethrown.
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
        if (state != null) {
            DatabaseRejectedException.Reason reason = CONFLICTS.contains(state)
                    ? DatabaseRejectedException.Reason.CONFLICT
                    : BROKEN_RULES.contains(state)
                            ? DatabaseRejectedException.Reason.BROKEN_RULE
                            : INVALID_VALUES.contains(state) ? DatabaseRejectedException.Reason.INVALID_VALUE : null;
            if (reason != null) {
                return new DatabaseRejectedException(reason, state, constraintOf(e), e);
            }
        }
        return new IllegalStateException("Database error " + state + ": " + e.getMessage(), e);
    }

    private static String constraintOf(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }
}
