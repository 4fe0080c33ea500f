package com.focusapi.shared.testing.crac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A CRaC implementation for tests, in the form org.crac loads when the system property
 * {@code org.crac.Core.Compat} names this package (the parent pom sets it for every test JVM): resources
 * registered through {@code org.crac.Core.getGlobalContext()} land here, and {@code org.crac.Core
 * .checkpointRestore()} simulates a checkpoint and a restore in memory, calling {@code beforeCheckpoint} in
 * the reverse order of registration and {@code afterRestore} in that order, as the JDK's CRaC and Lambda's
 * SnapStart runtime do. Resources are held weakly, as there.
 */
public final class Core {
    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        GLOBAL.checkpointRestore();
    }

    /** Drops every registration so far: a test about one context's resources starts with none of earlier ones. */
    public static void forgetRegistered() {
        GLOBAL.forget();
    }

    private static final class GlobalContext extends Context<Resource> {
        private final Map<Resource, Long> registered = new WeakHashMap<>();
        private long order;

        @Override
        public synchronized void register(Resource resource) {
            registered.put(resource, order++);
        }

        synchronized void forget() {
            registered.clear();
        }

        synchronized void checkpointRestore() throws CheckpointException, RestoreException {
            List<Resource> inOrder = new ArrayList<>(registered.keySet());
            inOrder.sort((a, b) -> Long.compare(registered.get(a), registered.get(b)));
            List<Resource> reversed = new ArrayList<>(inOrder);
            Collections.reverse(reversed);
            beforeCheckpoint(reversed);
            afterRestore(inOrder);
        }

        private void beforeCheckpoint(List<Resource> resources) throws CheckpointException {
            CheckpointException failed = new CheckpointException();
            notify(resources, resource -> resource.beforeCheckpoint(this), failed);
        }

        private void afterRestore(List<Resource> resources) throws RestoreException {
            RestoreException failed = new RestoreException();
            notify(resources, resource -> resource.afterRestore(this), failed);
        }

        /** Notifies every resource, even after one failed; throws {@code failed} with each failure suppressed. */
        private static <E extends Exception> void notify(List<Resource> resources, Notification call, E failed)
                throws E {
            for (Resource resource : resources) {
                try {
                    call.on(resource);
                } catch (Exception e) {
                    failed.addSuppressed(e);
                }
            }
            if (failed.getSuppressed().length > 0) {
                throw failed;
            }
        }

        private interface Notification {
            void on(Resource resource) throws Exception;
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the global context is checkpointed through checkpointRestore()");
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            throw new UnsupportedOperationException("the global context is restored through checkpointRestore()");
        }
    }
}
