package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.CacheCodec;
import com.focusapi.shared.cache.internal.CacheMetrics;
import com.focusapi.shared.cache.internal.KeyLayout;
import com.focusapi.shared.cache.internal.LocalFlights;
import com.focusapi.shared.cache.internal.RedisGuard;
import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import com.focusapi.shared.cache.internal.Scripts;
import com.focusapi.shared.config.CacheSettings;
import com.focusapi.shared.config.RedisSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The guide's cache service over Redis. Values are JSON of a given type; {@link Optional#empty()} means
 * absent, so a cached {@code false}, {@code 0} or empty list is a hit. No method throws because of Redis:
 * every call is bounded by the command timeout and skipped while the circuit breaker is open, and then
 * reads miss, writes are dropped and {@code getOrLoad} calls the loader. {@code CACHE_ENABLED=false}
 * makes every method a pass-through.
 * <p>
 * Strategies: cache-aside with {@link #getOrLoad} (its fill never overwrites a value and is dropped when
 * the key's tag was invalidated while loading), write-through with {@link #set} after the database commit,
 * invalidation with {@link #delete} / {@link #invalidateTag} after the commit.
 */
@Singleton
public class CacheService {
    private static final Logger LOG = LoggerFactory.getLogger(CacheService.class);
    /** A tag's generation must outlive any load in flight; an hour is far beyond any request. */
    private static final String GENERATION_TTL_MS = String.valueOf(Duration.ofHours(1).toMillis());
    private static final int SCAN_PAGE = 500;

    private final CacheSettings settings;
    private final KeyLayout layout;
    private final CacheCodec codec = new CacheCodec(NeverCached.class);
    private final CacheMetrics metrics;
    private final RedisGuard redis;
    private final LocalFlights flights = new LocalFlights();

    public CacheService(CacheSettings settings, RedisSettings redisSettings, RedisConnectionProvider connections,
                        MeterRegistry registry) {
        this.settings = settings;
        this.layout = new KeyLayout(settings.getNamespace(), settings.getSchemaVersion());
        this.metrics = new CacheMetrics(registry);
        this.redis = new RedisGuard(connections::commands, settings, redisSettings.getCommandTimeoutMs(), metrics);
    }

    public boolean isEnabled() {
        return settings.isEnabled();
    }

    /** {@code CACHE_TTL}. */
    public Duration defaultTtl() {
        return Duration.ofSeconds(settings.getTtl());
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        return get(key, Argument.of(type));
    }

    /** The cached value, or empty when absent, unreadable as {@code type}, or Redis is unavailable. */
    public <T> Optional<T> get(String key, Argument<T> type) {
        if (!isEnabled()) {
            return Optional.empty();
        }
        String physical = layout.data(key);
        String json = redis.<String>call("get", r -> r.get(physical)).map(Reply::value).orElse(null);
        return decode(key, json, type, true);
    }

    /** Write-through with the default TTL. */
    public boolean set(String key, Object value) {
        return set(key, value, defaultTtl());
    }

    /**
     * Stores {@code value} (write-through: call it after the database commit). Returns whether it was
     * stored; false when the cache is off or unavailable, or the value is {@code null} or {@link NeverCached}.
     */
    public boolean set(String key, Object value, Duration ttl) {
        if (!isEnabled() || value == null) {
            return false;
        }
        String json = encode(key, value);
        return json != null && store("set", key, json, ttl, false, "", "");
    }

    /** Deletes one key (invalidation on mutation). A fill of this key's tag that is in flight is dropped. */
    public boolean delete(String key) {
        if (!isEnabled()) {
            return false;
        }
        String family = KeyLayout.family(KeyLayout.validate(key));
        String[] keys = {layout.data(key), layout.generation(family)};
        long deleted = redis.<Long>call("delete", r -> Scripts.DELETE.run(r, ScriptOutputType.INTEGER, keys, GENERATION_TTL_MS))
                .map(Reply::value).orElse(0L);
        LOG.debug("Cache DELETE: {}", key);
        return deleted > 0;
    }

    public boolean exists(String key) {
        if (!isEnabled()) {
            return false;
        }
        String physical = layout.data(key);
        return redis.<Long>call("exists", r -> r.exists(physical)).map(Reply::value).orElse(0L) > 0;
    }

    /**
     * Deletes the keys matching a Redis glob over logical keys ({@code user:*:stats}), found with SCAN (never
     * KEYS; on a cluster, over every master) within this application's namespace. Prefer
     * {@link #invalidateTag}, which needs no scan. Returns how many keys were deleted.
     */
    public long deletePattern(String pattern) {
        if (!isEnabled()) {
            return 0;
        }
        Pattern regex = KeyLayout.globToRegex(pattern);
        long deleted = scanAndDelete("delete_pattern", physical -> {
            String logical = layout.logical(physical);
            return logical != null && regex.matcher(logical).matches();
        });
        LOG.debug("Cache DELETE PATTERN: {} ({} keys)", pattern, deleted);
        return deleted;
    }

    /** Deletes everything of this application and schema version (never FLUSHDB). */
    public long clearAll() {
        if (!isEnabled()) {
            return 0;
        }
        long deleted = scanAndDelete("clear_all", physical -> true);
        LOG.debug("Cache CLEAR: {} keys", deleted);
        return deleted;
    }

    /** Deletes every key of a tag ({@code user:123}) without scanning: the tag set lists them. */
    public long invalidateTag(String tag) {
        if (!isEnabled()) {
            return 0;
        }
        String[] keys = {layout.tagSet(tag), layout.generation(tag)};
        long deleted = redis.<Long>call("invalidate", r -> Scripts.INVALIDATE.run(r, ScriptOutputType.INTEGER, keys, GENERATION_TTL_MS))
                .map(Reply::value).orElse(0L);
        LOG.debug("Cache INVALIDATE: {} ({} keys)", tag, deleted);
        return deleted;
    }

    /** Everything cached about one user ({@code user:123} and {@code user:123:*}), and nothing of user 1234. */
    public long invalidateUserCache(long userId) {
        return invalidateTag(CacheKeys.user(userId));
    }

    /** Everything cached about one challenge ({@code challenge:456} and {@code challenge:456:*}). */
    public long invalidateChallengeCache(long challengeId) {
        return invalidateTag(CacheKeys.challenge(challengeId));
    }

    /** {@link #getOrLoad(String, Duration, Argument, Supplier)} with {@code CACHE_TTL}. */
    public <T> T getOrLoad(String key, Class<T> type, Supplier<T> loader) {
        return getOrLoad(key, defaultTtl(), Argument.of(type), loader);
    }

    public <T> T getOrLoad(String key, Duration ttl, Class<T> type, Supplier<T> loader) {
        return getOrLoad(key, ttl, Argument.of(type), loader);
    }

    /**
     * Cache-aside with single flight: on a miss, one caller loads (one thread per environment, one
     * environment across environments, through a short Redis lock) while the others wait up to
     * {@code CACHE_SINGLE_FLIGHT_WAIT_MS} for its value. The fill uses SET NX (a write-through value that
     * arrived meanwhile is fresher and wins) and is dropped if the key's tag was invalidated meanwhile.
     * A {@code null} from the loader is returned and not cached. Exceptions of the loader propagate.
     */
    public <T> T getOrLoad(String key, Duration ttl, Argument<T> type, Supplier<T> loader) {
        if (!isEnabled()) {
            return loader.get();
        }
        String physical = layout.data(key);
        Optional<T> cached = get(key, type);
        if (cached.isPresent()) {
            return cached.get();
        }
        return flights.run(physical, () -> loadOnce(key, ttl, type, loader));
    }

    private <T> T loadOnce(String key, Duration ttl, Argument<T> type, Supplier<T> loader) {
        String family = KeyLayout.family(key);
        // Only needs to be unique among the lock's contenders; UUID's SecureRandom would cost microseconds.
        String token = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        String[] keys = {layout.data(key), layout.generation(family), layout.lock(key)};
        String lockMs = String.valueOf(settings.getSingleFlightLockMs());
        Optional<List<Object>> miss = redis.<List<Object>>call("miss",
                r -> Scripts.MISS.run(r, ScriptOutputType.MULTI, keys, token, lockMs)).map(Reply::value);
        if (miss.isEmpty()) {
            return loader.get();
        }
        List<Object> answer = miss.get();
        if (Long.valueOf(1).equals(answer.get(0))) {
            Optional<T> filled = decode(key, (String) answer.get(1), type, false);
            if (filled.isPresent()) {
                return filled.get();
            }
        }
        String generation = String.valueOf(answer.get(1));
        boolean leader = Long.valueOf(1).equals(answer.get(2));
        if (!leader) {
            Optional<T> loadedElsewhere = awaitOther(key, type);
            if (loadedElsewhere.isPresent()) {
                return loadedElsewhere.get();
            }
        }
        String lockToken = leader ? token : "";
        T value;
        try {
            value = loader.get();
        } catch (RuntimeException | Error e) {
            unlock(key, lockToken);
            throw e;
        }
        String json = value == null ? null : encode(key, value);
        if (json == null) {
            unlock(key, lockToken);
        } else {
            store("fill", key, json, ttl, true, generation, lockToken);
        }
        return value;
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
            Optional<List<Object>> answer = redis.<List<Object>>call("await",
                    r -> Scripts.AWAIT.run(r, ScriptOutputType.MULTI, keys)).map(Reply::value);
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            if (Long.valueOf(1).equals(answer.get().get(0))) {
                return decode(key, (String) answer.get().get(1), type, false);
            }
            if (Long.valueOf(0).equals(answer.get().get(1))) {
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

    private boolean store(String operation, String key, String json, Duration ttl, boolean nx, String generation, String lockToken) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A cache TTL must be positive: " + ttl);
        }
        String family = KeyLayout.family(key);
        String[] keys = {layout.data(key), layout.tagSet(family), layout.generation(family), layout.lock(key)};
        String ttlMs = String.valueOf(jittered(ttl));
        boolean stored = redis.<Long>call(operation, r -> Scripts.STORE.run(r, ScriptOutputType.INTEGER, keys,
                        json, ttlMs, nx ? "nx" : "set", generation, lockToken))
                .map(reply -> Long.valueOf(1).equals(reply.value())).orElse(false);
        if (stored) {
            LOG.debug("Cache SET: {} (TTL: {}s)", key, ttl.toSeconds());
        }
        return stored;
    }

    /** Up to {@code CACHE_TTL_JITTER_PERCENT} of the TTL taken off at random: never longer than asked. */
    private long jittered(Duration ttl) {
        long ms = ttl.toMillis();
        long cut = (long) (ms * settings.getTtlJitterPercent() / 100.0 * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, ms - cut);
    }

    private String encode(String key, Object value) {
        try {
            return codec.write(value);
        } catch (CacheCodec.SecretValueException e) {
            LOG.warn("Cache refused {}: {}", key, e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            LOG.warn("Cache refused {}: {}", key, e.getMessage());
        }
        return null;
    }

    private <T> Optional<T> decode(String key, String json, Argument<T> type, boolean count) {
        if (json != null) {
            try {
                T value = codec.read(json, type);
                if (count) {
                    metrics.hit();
                    LOG.debug("Cache HIT: {}", key);
                }
                return Optional.ofNullable(value);
            } catch (IOException e) {
                // An entry written for another shape of the type: treat as absent; a fill will replace it.
                LOG.warn("Cache entry {} unreadable as {}: {}", key, type.getTypeName(), e.getMessage());
            }
        }
        if (count) {
            metrics.miss();
            LOG.debug("Cache MISS: {}", key);
        }
        return Optional.empty();
    }

    private long scanAndDelete(String operation, java.util.function.Predicate<String> selected) {
        long deleted = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(layout.namespacePattern()).limit(SCAN_PAGE);
        do {
            ScanCursor from = cursor;
            Optional<KeyScanCursor<String>> page = redis.<KeyScanCursor<String>>call("scan", r -> r.scan(from, args)).map(Reply::value);
            if (page.isEmpty()) {
                break;
            }
            String[] keys = page.get().getKeys().stream().filter(selected).toArray(String[]::new);
            if (keys.length > 0) {
                deleted += redis.<Long>call(operation, r -> r.del(keys)).map(Reply::value).orElse(0L);
            }
            cursor = page.get();
        } while (!cursor.isFinished());
        return deleted;
    }

    /** For tests and health: whether Redis calls are being skipped. */
    CircuitBreaker.State breakerState() {
        return redis.state();
    }
}
