package com.focusapi.shared.testing.crac;

/** A resource failed after the simulated restore (the others' failures are suppressed in it). */
public class RestoreException extends Exception {
    public RestoreException() {
        super("a resource failed after the restore");
    }
}
