package com.focusapi.shared.testing;

import com.focusapi.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain JDBC on a test's PostgreSQL, past the function under test: to seed rows and to check what a request
 * wrote. One connection a call; an {@link SQLException} fails the test as an {@link IllegalStateException}.
 */
public final class Sql {
    private final PostgresServer postgres;

    public Sql(PostgresServer postgres) {
        this.postgres = postgres;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
    }

    /** The first column of the first row, as a number ({@code count(*)}, an id, {@code INSERT … RETURNING id}). */
    public long scalar(String sql) {
        return firstColumn(sql, rs -> rs.getLong(1));
    }

    /** The first column of the first row, as text. */
    public String text(String sql) {
        return firstColumn(sql, rs -> rs.getString(1));
    }

    /** Any statement without a result: UPDATE, DELETE, DDL. */
    public void execute(String sql) {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T firstColumn(String sql, Column<T> column) {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return column.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
