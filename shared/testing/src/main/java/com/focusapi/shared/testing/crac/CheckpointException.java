package com.focusapi.shared.testing.crac;

/** A resource failed before the simulated checkpoint (the others' failures are suppressed in it). */
public class CheckpointException extends Exception {
    public CheckpointException() {
        super("a resource failed before the checkpoint");
    }
}
