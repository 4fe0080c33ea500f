package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.CacheSettings;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.core.type.Argument;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The fill of a missed key, loaded once: one thread per environment ({@link LocalFlights}), one environment
 * across environments (a short Redis lock taken by {@link Scripts#MISS}); the others wait for its value
 * ({@link Scripts#AWAIT}) up to {@code CACHE_SINGLE_FLIGHT_WAIT_MS}, then load themselves. Whatever Redis
 * does, the loader runs at most once per call and its value is returned.
 */
public final class SingleFlight {
    private static final SecureRandom TOKENS = new SecureRandom();
    private final CacheSettings settings;
    private final KeyLayout layout;
    private final RedisGuard redis;
    private final EntryStore entries;
    private final Logger log;
    private final LocalFlights flights = new LocalFlights();

    /** @param log the cache service's logger: operators and the guide know these lines under its name. */
    public SingleFlight(CacheSettings settings, KeyLayout layout, RedisGuard redis, EntryStore entries, Logger log) {
        this.settings = settings;
        this.layout = layout;
        this.redis = redis;
        this.entries = entries;
        this.log = log;
    }

    /** Called after a miss of {@code key}; exceptions of the loader propagate. */
    public <T> T load(String key, Duration ttl, Argument<T> type, Supplier<T> loader) {
        return flights.run(layout.data(key), () -> loadOnce(key, ttl, type, loader, false));
    }

    private <T> T loadOnce(String key, Duration ttl, Argument<T> type, Supplier<T> loader, boolean retried) {
        // Unique among the lock's contenders, which include other environments restored from the same SnapStart
        // snapshot: ThreadLocalRandom's state is in the snapshot, so its draws would repeat in each of them.
        // SecureRandom's default (NativePRNG) mixes fresh /dev/urandom bytes into every draw; a microsecond on a
        // miss that loads from the database anyway.
        String token = Long.toHexString(TOKENS.nextLong()) + Long.toHexString(System.nanoTime());
        String[] keys = {layout.data(key), layout.generation(KeyLayout.family(key)), layout.lock(key)};
        String lockMs = String.valueOf(settings.getSingleFlightLockMs());
        Optional<MissReply> miss = Scripts.MISS.ask(redis, log, key, MissReply::from, keys, token, lockMs);
        if (miss.isEmpty()) {
            return loader.get();
        }
        if (miss.get().filled()) {
            Optional<T> filled = entries.decode(key, miss.get().value(), type);
            if (filled.isPresent()) {
                return filled.get();
            }
            // An entry of another shape (or JSON null): a miss. A SET NX fill could never replace it, so
            // delete it (which bumps the generation) and take the ordinary miss path once more.
            if (!retried) {
                entries.delete(key);
                return loadOnce(key, ttl, type, loader, true);
            }
            return loader.get();
        }
        boolean leader = miss.get().lockTaken();
        if (!leader) {
            Optional<T> loadedElsewhere = awaitOther(key, type);
            if (loadedElsewhere.isPresent()) {
                return loadedElsewhere.get();
            }
        }
        String lockToken = leader ? token : "";
        boolean lockHandedOver = false;
        try {
            T value = loader.get();
            String json = value == null ? null : entries.encode(key, value);
            if (json != null && entries.validTtl(key, ttl)) {
                // The store script releases the lock itself.
                lockHandedOver = true;
                entries.fill(key, json, ttl, miss.get().generation(), lockToken);
            }
            return value;
        } finally {
            if (!lockHandedOver) {
                unlock(key, lockToken);
            }
        }
    }

    /** Waits for the environment that holds the lock; empty if it gives up, fails, or takes too long. */
    private <T> Optional<T> awaitOther(String key, Argument<T> type) {
        String[] keys = {layout.data(key), layout.lock(key)};
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.getSingleFlightWaitMs());
        long pauseMs = 2;
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            pauseMs = Math.min(pauseMs * 2, 50);
            Optional<AwaitReply> await = Scripts.AWAIT.ask(redis, log, key, AwaitReply::from, keys);
            if (await.isEmpty()) {
                return Optional.empty();
            }
            if (await.get().filled()) {
                return entries.decode(key, await.get().value(), type);
            }
            if (!await.get().lockHeld()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void unlock(String key, String token) {
        if (!token.isEmpty()) {
            String[] keys = {layout.lock(key)};
            redis.<Long>call("unlock", r -> Scripts.UNLOCK.run(r, ScriptOutputType.INTEGER, keys, token));
        }
    }
}
