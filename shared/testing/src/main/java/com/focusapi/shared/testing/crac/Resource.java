package com.focusapi.shared.testing.crac;

/** org.crac's {@code Resource} as its compatibility layer expects it (see {@link Core}). */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
