package com.focusapi.shared.testing.crac;

/** org.crac's {@code Context} as its compatibility layer expects it (see {@link Core}). */
public abstract class Context<R extends Resource> implements Resource {
    public abstract void register(R resource);
}
