package com.focusapi.shared.cache.internal;

import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart (CRaC): a snapshot must not contain an open socket, and a restored environment must not use one
 * that another copy of the snapshot also uses. So the connection is closed before the checkpoint and opened
 * anew after the restore.
 */
public final class RedisCheckpointHook implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCheckpointHook.class);
    private final RedisConnector connector;

    public RedisCheckpointHook(RedisConnector connector) {
        this.connector = connector;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LOG.info("Checkpoint: closing the Redis connection");
        connector.suspend();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("Restore: reopening the Redis connection");
        connector.resume();
    }
}
