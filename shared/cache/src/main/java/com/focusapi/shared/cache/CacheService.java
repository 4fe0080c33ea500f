package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.CacheCodec;
import com.focusapi.shared.cache.internal.CacheMetrics;
import com.focusapi.shared.cache.internal.KeyLayout;
import com.focusapi.shared.cache.internal.LocalFlights;
import com.focusapi.shared.cache.internal.RedisGuard;
import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import com.focusapi.shared.cache.internal.Scripts;
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
 * absent, so a cached {@code false}, {@code 0} or empty list is a hit. No method throws: a Redis failure,
 * a Redis that is not connected (yet), an invalid key, a non-positive TTL, a value that cannot be
 * serialised or an entry that cannot be read as the asked type are logged, and then reads miss, writes
 * are dropped and {@code getOrLoad} calls the loader. Only the loader's own exceptions propagate.
 * Each Redis command waits at most the command timeout ({@code REDIS_COMMAND_TIMEOUT_MS}) and is skipped
 * while the circuit breaker is open; a method may send a few commands ({@code getOrLoad}: up to four, plus
 * up to {@code CACHE_SINGLE_FLIGHT_WAIT_MS} of polling while another environment loads the key).
 * {@code CACHE_ENABLED=false} makes every method a pass-through.
 * <p>
 * Strategies: cache-aside with {@link #getOrLoad} (its fill never overwrites a value and is dropped when
 * the key's tag was invalidated or written through while loading), write-through with {@link #set} after
 * the database commit (one writer per entity at a time; see {@link #set}), invalidation with
 * {@link #delete} / {@link #invalidateTag} after the commit.
 */
@Singleton
public class CacheService {
    private static final Logger LOG = LoggerFactory.getLogger(CacheService.class);
    /** A tag's generation must outlive any load in flight; an hour is far beyond any request. */
    private static final String GENERATION_TTL_MS = String.valueOf(Duration.ofHours(1).toMillis());
    private static final int SCAN_PAGE = 500;
    /** deletePattern/clearAll stop after this many SCAN pages (100,000 keys examined) and say so in a warning. */
    static final int MAX_SCAN_PAGES = 200;
    private static final int INVALIDATE_ROUNDS = 3;
    private static final String LOCK_SUFFIX = "~lock";

    static final Duration FALLBACK_TTL = Duration.ofSeconds(300);

    private final CacheSettings settings;
    private final Duration defaultTtl;
    private final int jitterPercent;
    private final KeyLayout layout;
    private final CacheCodec codec = new CacheCodec(NeverCached.class);
    private final CacheMetrics metrics;
    private final RedisGuard redis;
    private final LocalFlights flights = new LocalFlights();
    private static final int MAX_UNREADABLE_LOGGED = 1000;
    private final java.util.Set<String> unreadableLogged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CacheService(CacheSettings settings, RedisSettings redisSettings, RedisConnectionProvider connections,
                        MeterRegistry registry) {
        this.settings = settings;
        this.defaultTtl = defaultTtl(settings);
        this.jitterPercent = Math.max(0, Math.min(90, settings.getTtlJitterPercent()));
        this.layout = new KeyLayout(settings.getNamespace(), settings.getSchemaVersion());
        this.metrics = new CacheMetrics(registry);
        this.redis = new RedisGuard(connections::commands, settings, redisSettings.getCommandTimeoutMs(), metrics);
    }

    /** {@code CACHE_TTL} when positive; otherwise 300 s, with a warning at start-up (a bad setting never fails a request). */
    private static Duration defaultTtl(CacheSettings settings) {
        if (settings.getTtl() > 0) {
            return Duration.ofSeconds(settings.getTtl());
        }
        LOG.warn("CACHE_TTL={} is not a positive number of seconds: using {} s", settings.getTtl(), FALLBACK_TTL.toSeconds());
        return FALLBACK_TTL;
    }

    public boolean isEnabled() {
        return settings.isEnabled();
    }

    /** {@code CACHE_TTL} (300 s if it is not positive). */
    public Duration defaultTtl() {
        return defaultTtl;
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        return get(key, Argument.of(type));
    }

    /** The cached value, or empty when absent, unreadable as {@code type}, or Redis is unavailable. */
    public <T> Optional<T> get(String key, Argument<T> type) {
        if (!isEnabled() || !validKey(key)) {
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
     * Stores {@code value} (write-through: call it after the database commit). It overwrites the key and
     * bumps its tag's generation, so a cache-aside fill loaded before this write is dropped. The last
     * {@code set} to reach Redis wins: when several requests may update the same entity concurrently, their
     * writes can arrive in the other order than their commits, so such writers should {@link #delete} /
     * {@link #invalidateTag} instead (the next read loads the committed state). Returns whether it was
     * stored; false when the cache is off or unavailable, the key is invalid, the TTL is not positive
     * (logged), or the value is {@code null}, not serialisable or {@link NeverCached}.
     */
    public boolean set(String key, Object value, Duration ttl) {
        if (!isEnabled() || value == null || !validKey(key)) {
            return false;
        }
        String json = encode(key, value);
        return json != null && store("set", key, json, ttl, false, "", "");
    }

    /** Deletes one key (invalidation on mutation). A fill of this key's tag that is in flight is dropped. */
    public boolean delete(String key) {
        if (!isEnabled() || !validKey(key)) {
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
        if (!isEnabled() || !validKey(key)) {
            return false;
        }
        String physical = layout.data(key);
        return redis.<Long>call("exists", r -> r.exists(physical)).map(Reply::value).orElse(0L) > 0;
    }

    /**
     * Deletes the keys matching a Redis glob over logical keys ({@code user:*:stats}), found with SCAN (never
     * KEYS; on a cluster, over every master) within this application's namespace, and bumps the generations
     * of their tags (fills in flight are dropped). Prefer {@link #invalidateTag}, which needs no scan. The work
     * is bounded: at most {@link #MAX_SCAN_PAGES} SCAN pages of 500 keys (each page one command timeout for the
     * SCAN, one for the generations, one for the DEL); past that it stops with a warning and the caller may call
     * again. Returns how many keys were deleted.
     */
    public long deletePattern(String pattern) {
        if (!isEnabled() || pattern == null) {
            return 0;
        }
        Pattern regex;
        try {
            regex = KeyLayout.globToRegex(pattern);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cache DELETE PATTERN skipped, invalid pattern {}: {}", pattern, e.getMessage());
            return 0;
        }
        long deleted = scanAndDelete("delete_pattern", physical -> {
            String logical = layout.logical(physical);
            return logical != null && regex.matcher(logical).matches();
        }, physical -> {
            // A matching key being loaded right now: its fill must be dropped too.
            String logical = physical.endsWith(LOCK_SUFFIX) ? layout.logical(physical.substring(0, physical.length() - LOCK_SUFFIX.length())) : null;
            return logical != null && regex.matcher(logical).matches();
        });
        LOG.debug("Cache DELETE PATTERN: {} ({} keys)", pattern, deleted);
        return deleted;
    }

    /**
     * Deletes everything of this application and schema version (never FLUSHDB), except the generation
     * counters, which are bumped instead (they expire by themselves within an hour). Bounded like
     * {@link #deletePattern}.
     */
    public long clearAll() {
        if (!isEnabled()) {
            return 0;
        }
        // Generation counters are kept (and bumped): deleting one would let a fill that read "0" pass.
        long deleted = scanAndDelete("clear_all", physical -> !layout.isGeneration(physical), physical -> false);
        LOG.debug("Cache CLEAR: {} keys", deleted);
        return deleted;
    }

    /**
     * Deletes every key of a tag ({@code user:123}) without scanning: its tag set lists them. The members are
     * read with SMEMBERS, then deleted by a script that gets them as KEYS and bumps the tag's generation (so
     * fills in flight are dropped); members added in between are deleted by a second round (at most
     * {@value #INVALIDATE_ROUNDS} rounds). Returns how many entries existed.
     */
    public long invalidateTag(String tag) {
        if (!isEnabled() || !validKey(tag)) {
            return 0;
        }
        String tagSet = layout.tagSet(tag);
        long deleted = 0;
        for (int round = 0; round < INVALIDATE_ROUNDS; round++) {
            Optional<java.util.Set<String>> members = redis.<java.util.Set<String>>call("invalidate_members",
                    r -> r.smembers(tagSet)).map(Reply::value);
            if (members.isEmpty()) {
                break;
            }
            List<String> keys = new java.util.ArrayList<>(members.get().size() + 2);
            keys.add(tagSet);
            keys.add(layout.generation(tag));
            keys.addAll(members.get());
            String[] keyArray = keys.toArray(String[]::new);
            Optional<List<Object>> answer = redis.<List<Object>>call("invalidate",
                    r -> Scripts.INVALIDATE.run(r, ScriptOutputType.MULTI, keyArray, GENERATION_TTL_MS)).map(Reply::value);
            if (answer.isEmpty() || answer.get().size() < 2) {
                break;
            }
            deleted += ((Number) answer.get().get(0)).longValue();
            if (((Number) answer.get().get(1)).longValue() == 0) {
                break;
            }
        }
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
        if (!isEnabled() || !validKey(key)) {
            return loader.get();
        }
        String physical = layout.data(key);
        Optional<T> cached = get(key, type);
        if (cached.isPresent()) {
            return cached.get();
        }
        return flights.run(physical, () -> loadOnce(key, ttl, type, loader, false));
    }

    private <T> T loadOnce(String key, Duration ttl, Argument<T> type, Supplier<T> loader, boolean retried) {
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
        if (answer.size() >= 2 && Long.valueOf(1).equals(answer.get(0))) {
            Optional<T> filled = decode(key, answer.get(1) instanceof String json ? json : null, type, false);
            if (filled.isPresent()) {
                return filled.get();
            }
            // An entry of another shape (or JSON null): a miss. A SET NX fill could never replace it, so
            // delete it (which bumps the generation) and take the ordinary miss path once more.
            if (!retried) {
                redis.<Long>call("delete", r -> Scripts.DELETE.run(r, ScriptOutputType.INTEGER,
                        new String[]{layout.data(key), layout.generation(family)}, GENERATION_TTL_MS));
                return loadOnce(key, ttl, type, loader, true);
            }
            return loader.get();
        }
        if (answer.size() < 3) {
            LOG.warn("Cache {}: unexpected answer of the miss script: {}", key, answer);
            return loader.get();
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
        boolean lockHandedOver = false;
        try {
            T value = loader.get();
            String json = value == null ? null : encode(key, value);
            if (json != null && validTtl(key, ttl)) {
                // The store script releases the lock itself.
                lockHandedOver = true;
                store("fill", key, json, ttl, true, generation, lockToken);
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
            Optional<List<Object>> answer = redis.<List<Object>>call("await",
                    r -> Scripts.AWAIT.run(r, ScriptOutputType.MULTI, keys)).map(Reply::value);
            if (answer.isEmpty() || answer.get().size() < 2) {
                return Optional.empty();
            }
            if (Long.valueOf(1).equals(answer.get().get(0))) {
                return decode(key, answer.get().get(1) instanceof String json ? json : null, type, false);
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
        if (!validTtl(key, ttl)) {
            return false;
        }
        String family = KeyLayout.family(key);
        String[] keys = {layout.data(key), layout.tagSet(family), layout.generation(family), layout.lock(key)};
        String ttlMs = String.valueOf(jittered(ttl));
        boolean stored = redis.<Long>call(operation, r -> Scripts.STORE.run(r, ScriptOutputType.INTEGER, keys,
                        json, ttlMs, nx ? "nx" : "set", generation, lockToken, GENERATION_TTL_MS))
                .map(reply -> Long.valueOf(1).equals(reply.value())).orElse(false);
        if (stored) {
            LOG.debug("Cache SET: {} (TTL: {}s)", key, ttl.toSeconds());
        }
        return stored;
    }

    /** An invalid key is a caller's mistake: logged, and the call behaves as if the cache were off. */
    private static boolean validKey(String key) {
        try {
            KeyLayout.validate(key);
            return true;
        } catch (IllegalArgumentException e) {
            LOG.warn("Cache call skipped: {}", e.getMessage());
            return false;
        }
    }

    /** A non-positive TTL is a caller's mistake: logged, and the value is not stored (never an exception). */
    private static boolean validTtl(String key, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            LOG.warn("Cache {} not stored: the TTL must be positive, was {}", key, ttl);
            return false;
        }
        return true;
    }

    /** Up to {@code CACHE_TTL_JITTER_PERCENT} of the TTL taken off at random: never longer than asked. */
    private long jittered(Duration ttl) {
        long ms = ttl.toMillis();
        long cut = (long) (ms * jitterPercent / 100.0 * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, ms - cut);
    }

    private String encode(String key, Object value) {
        try {
            return codec.write(value);
        } catch (CacheCodec.SecretValueException e) {
            LOG.warn("Cache refused {}: {}", key, e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.warn("Cache refused {}: {}", key, e.getMessage());
        }
        return null;
    }

    private <T> Optional<T> decode(String key, String json, Argument<T> type, boolean count) {
        if (json != null) {
            try {
                T value = codec.read(json, type);
                if (value != null) {
                    if (count) {
                        metrics.hit();
                        LOG.debug("Cache HIT: {}", key);
                    }
                    return Optional.of(value);
                }
                unreadable(key, type, "null");
            } catch (IOException | RuntimeException e) {
                // An entry written for another shape of the type: a miss; getOrLoad replaces it.
                unreadable(key, type, e.getMessage());
            }
        }
        if (count) {
            metrics.miss();
            LOG.debug("Cache MISS: {}", key);
        }
        return Optional.empty();
    }

    /** Warns once per key and type (a bounded number of times in all), then only at debug level. */
    private void unreadable(String key, Argument<?> type, String why) {
        String what = key + " as " + type.getTypeName();
        if (unreadableLogged.size() < MAX_UNREADABLE_LOGGED && unreadableLogged.add(what)) {
            LOG.warn("Cache entry {} unreadable as {}, treated as a miss: {}", key, type.getTypeName(), why);
        } else {
            LOG.debug("Cache entry {} unreadable as {}: {}", key, type.getTypeName(), why);
        }
    }

    /**
     * SCANs this namespace page by page; for each page, bumps the generation of the families of the selected
     * keys (so a fill loaded before the delete is dropped), then deletes them. Stops after
     * {@link #MAX_SCAN_PAGES} pages, or at the first page Redis does not answer.
     */
    private long scanAndDelete(String operation, java.util.function.Predicate<String> selected,
                               java.util.function.Predicate<String> bumpOnly) {
        long deleted = 0;
        int pages = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(layout.namespacePattern()).limit(SCAN_PAGE);
        do {
            if (pages++ >= MAX_SCAN_PAGES) {
                LOG.warn("Cache {}: stopped after {} SCAN pages ({} keys deleted); call it again for the rest",
                        operation, MAX_SCAN_PAGES, deleted);
                break;
            }
            ScanCursor from = cursor;
            Optional<KeyScanCursor<String>> page = redis.<KeyScanCursor<String>>call("scan", r -> r.scan(from, args)).map(Reply::value);
            if (page.isEmpty()) {
                break;
            }
            String[] keys = page.get().getKeys().stream().filter(selected).toArray(String[]::new);
            String[] bumped = page.get().getKeys().stream().filter(k -> selected.test(k) || bumpOnly.test(k)).toArray(String[]::new);
            if (bumped.length > 0) {
                String[] generations = java.util.Arrays.stream(bumped).map(layout::familyOfPhysical)
                        .filter(java.util.Objects::nonNull).distinct().map(layout::generation).toArray(String[]::new);
                if (generations.length > 0) {
                    redis.<Void>call("bump", r -> java.util.concurrent.CompletableFuture.allOf(java.util.Arrays.stream(generations)
                            .map(g -> Scripts.BUMP.run(r, ScriptOutputType.INTEGER, new String[]{g}, GENERATION_TTL_MS).toCompletableFuture())
                            .toArray(java.util.concurrent.CompletableFuture[]::new)));
                }
            }
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
