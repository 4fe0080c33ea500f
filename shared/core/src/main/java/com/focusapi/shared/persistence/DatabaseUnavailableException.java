package com.focusapi.shared.persistence;

/** The database could not be reached or answered too late: the API answers 503. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
