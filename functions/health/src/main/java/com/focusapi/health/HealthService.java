package com.focusapi.health;

import com.focusapi.shared.cache.CacheProbe;
import com.focusapi.shared.cache.CacheStatus;
import com.focusapi.shared.persistence.DatabaseProbe;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;

/**
 * Runs both checks at once, each bounded by its own short timeout (database: the pool's connection
 * timeout; cache: the probe's), so a health answer takes at most the longer of the two.
 */
@Singleton
public class HealthService {
    private final DatabaseProbe database;
    private final CacheProbe cache;

    public HealthService(DatabaseProbe database, CacheProbe cache) {
        this.database = database;
        this.cache = cache;
    }

    public HealthReport check() {
        CompletableFuture<CacheStatus> cacheStatus = CompletableFuture.supplyAsync(cache::status);
        boolean databaseConnected = database.isConnected();
        return HealthReport.of(databaseConnected, cacheStatus.join());
    }
}
