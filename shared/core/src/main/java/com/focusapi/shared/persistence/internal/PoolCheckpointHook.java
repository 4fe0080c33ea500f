package com.focusapi.shared.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart: before the snapshot, the pool's idle connections are closed (the priming's {@code SELECT 1}
 * left one). A pooled socket in a snapshot is dead in every restored environment, and Hikari skips its
 * validity check for a connection used less than half a second ago, so the first request after a quick
 * restore would get a dead connection and a 503. After the restore the pool opens connections as requests
 * need them ({@code minimumIdle} is 0).
 * <p>
 * Registered with CRaC when the context starts, before {@code SnapStartPriming} (which registers once it
 * has started): CRaC calls {@code beforeCheckpoint} in the reverse order of registration, so this runs
 * after the priming. Only a pool already created is touched: a function that never reached its database
 * does not create one here. org.crac holds resources weakly: this bean (a singleton) keeps itself alive.
 */
@Context
public class PoolCheckpointHook implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(PoolCheckpointHook.class);

    private final ApplicationContext context;

    public PoolCheckpointHook(ApplicationContext context) {
        this.context = context;
    }

    @PostConstruct
    void register() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> crac) {
        for (BeanRegistration<HikariDataSource> pool : context.getActiveBeanRegistrations(HikariDataSource.class)) {
            HikariDataSource dataSource = pool.getBean();
            if (!dataSource.isClosed() && dataSource.getHikariPoolMXBean() != null) {
                dataSource.getHikariPoolMXBean().softEvictConnections();
                LOG.info("Database connections closed before the snapshot");
            }
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> crac) {
        // Nothing to reopen: the pool connects on the first query after the restore.
    }
}
