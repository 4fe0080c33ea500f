package com.focusapi.shared.persistence;

/**
 * PostgreSQL refused a statement because of the data the request carried, not because of a bug or an
 * outage: a unique value already taken (often by a concurrent request that passed the same check a moment
 * earlier), a value out of the range a column or a type can hold, a character PostgreSQL cannot store. The
 * API answers a 4xx problem (409, 400 or 422 by {@link #reason()}) instead of a 500; the transaction it
 * happened in was rolled back, so nothing is half-written.
 */
public class DatabaseRejectedException extends RuntimeException {

    /** What the client can do about it, which decides the status. */
    public enum Reason {
        /** 409: a unique or exclusion constraint (23505, 23P01) or a row that vanished meanwhile (23503). */
        CONFLICT,
        /** 400: a value PostgreSQL cannot hold or read (class 22: overflow, NUL, out-of-range date...). */
        INVALID_VALUE,
        /** 422: a well-formed value that breaks a rule of the schema (a CHECK or NOT NULL constraint). */
        BROKEN_RULE
    }

    private final Reason reason;
    private final String sqlState;
    private final String constraint;

    public DatabaseRejectedException(Reason reason, String sqlState, String constraint, Throwable cause) {
        super(
                "Database rejected the statement (SQLState " + sqlState
                        + (constraint == null ? "" : ", constraint " + constraint) + ")",
                cause);
        this.reason = reason;
        this.sqlState = sqlState;
        this.constraint = constraint;
    }

    public Reason reason() {
        return reason;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The constraint PostgreSQL named (for example {@code users_username_ci}), or null. */
    public String constraint() {
        return constraint;
    }

    /** True when this is the unique (or exclusion) constraint {@code name}: a value taken by someone else. */
    public boolean isConflictOn(String name) {
        return reason == Reason.CONFLICT && name.equals(constraint);
    }
}
