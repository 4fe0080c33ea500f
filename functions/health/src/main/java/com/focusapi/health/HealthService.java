package com.focusapi.health;

import com.focusapi.shared.cache.CacheProbe;
import com.focusapi.shared.cache.CacheStatus;
import com.focusapi.shared.persistence.DatabaseProbe;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs both checks at once, each bounded by its own short timeout (database: the pool's connection
 * timeout; cache: the probe's), so a health answer takes at most the longer of the two.
 */
@Singleton
public class HealthService {
    static final Duration CACHE_BUDGET = Duration.ofMillis(1500);
    private final DatabaseProbe database;
    private final CacheProbe cache;

    public HealthService(DatabaseProbe database, CacheProbe cache) {
        this.database = database;
        this.cache = cache;
    }

    public HealthReport check() {
        CompletableFuture<CacheStatus> cacheStatus = CompletableFuture.supplyAsync(cache::status)
                // The probe bounds its own commands; this bounds everything else (a reconnect in progress).
                .completeOnTimeout(
                        // (A fixed phrase, as the probe's own: the route is public.)
                        CacheStatus.unreachable(CacheProbe.UNREACHABLE),
                        CACHE_BUDGET.toMillis(),
                        TimeUnit.MILLISECONDS);
        boolean databaseConnected = database.isConnected();
        return HealthReport.of(databaseConnected, cacheStatus.join());
    }
}
