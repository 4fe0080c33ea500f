package com.focusapi.shared.cache;

import com.focusapi.shared.cache.internal.CacheCodec;
import com.focusapi.shared.cache.internal.CacheMetrics;
import com.focusapi.shared.cache.internal.EntryStore;
import com.focusapi.shared.cache.internal.KeyLayout;
import com.focusapi.shared.cache.internal.RedisGuard;
import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import com.focusapi.shared.cache.internal.RequestPrefetch;
import com.focusapi.shared.cache.internal.RouteKeys;
import com.focusapi.shared.cache.internal.ScanDeletion;
import com.focusapi.shared.cache.internal.SingleFlight;
import com.focusapi.shared.cache.internal.TagInvalidation;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** Every line of the cache goes out under this name, the one the guide and the operators know. */
    private static final Logger LOG = LoggerFactory.getLogger(CacheService.class);

    static final Duration FALLBACK_TTL = Duration.ofSeconds(300);

    private final CacheSettings settings;
    private final Duration defaultTtl;
    private final KeyLayout layout;
    private final CacheMetrics metrics;
    private final RedisGuard redis;
    private final EntryStore entries;
    private final SingleFlight singleFlight;
    private final ScanDeletion scanDeletion;
    private final TagInvalidation tagInvalidation;

    public CacheService(
            CacheSettings settings,
            RedisSettings redisSettings,
            RedisConnectionProvider connections,
            MeterRegistry registry) {
        this.settings = settings;
        this.defaultTtl = defaultTtl(settings);
        this.layout = new KeyLayout(settings.getNamespace(), settings.getSchemaVersion());
        this.metrics = new CacheMetrics(registry);
        this.redis = new RedisGuard(
                connections::commands,
                settings,
                redisSettings.getCommandTimeoutMs(),
                metrics,
                connections::replaceConnection);
        this.entries =
                new EntryStore(layout, redis, new CacheCodec(NeverCached.class), settings.getTtlJitterPercent(), LOG);
        this.singleFlight = new SingleFlight(settings, layout, redis, entries, LOG);
        this.scanDeletion = new ScanDeletion(layout, redis, LOG);
        this.tagInvalidation = new TagInvalidation(layout, redis, LOG);
    }

    /** {@code CACHE_TTL} when positive; otherwise 300 s, with a warning at start-up (a bad setting never fails a request). */
    private static Duration defaultTtl(CacheSettings settings) {
        if (settings.getTtl() > 0) {
            return Duration.ofSeconds(settings.getTtl());
        }
        LOG.warn(
                "CACHE_TTL={} is not a positive number of seconds: using {} s",
                settings.getTtl(),
                FALLBACK_TTL.toSeconds());
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
        return read(key, type, true);
    }

    private <T> Optional<T> read(String key, Argument<T> type, boolean counted) {
        if (!isEnabled() || !validKey(key)) {
            return Optional.empty();
        }
        Optional<T> value = entries.read(key, type);
        if (value.isPresent()) {
            if (counted) {
                metrics.hit();
            }
            LOG.debug("Cache HIT: {}", key);
        } else {
            if (counted) {
                metrics.miss();
            }
            LOG.debug("Cache MISS: {}", key);
        }
        return value;
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
        return entries.write(key, value, ttl);
    }

    /** Deletes one key (invalidation on mutation). A fill of this key's tag that is in flight is dropped. */
    public boolean delete(String key) {
        if (!isEnabled() || !validKey(key)) {
            return false;
        }
        long deleted = entries.delete(key);
        LOG.debug("Cache DELETE: {}", key);
        return deleted > 0;
    }

    public boolean exists(String key) {
        if (!isEnabled() || !validKey(key)) {
            return false;
        }
        String physical = layout.data(key);
        return redis.<Long>call("exists", r -> r.exists(physical))
                        .map(Reply::value)
                        .orElse(0L)
                > 0;
    }

    /**
     * Deletes the keys matching a Redis glob over logical keys ({@code user:*:stats}), found with SCAN (never
     * KEYS; on a cluster, over every master) within this application's namespace, and bumps the generations
     * of their tags (fills in flight are dropped). Prefer {@link #invalidateTag}, which needs no scan. The work
     * is bounded: at most {@value ScanDeletion#MAX_SCAN_PAGES} SCAN pages of 500 keys (each page one command
     * timeout for the SCAN, one for the generations, one for the DEL); past that it stops with a warning and
     * the caller may call again. Returns how many keys were deleted.
     */
    public long deletePattern(String pattern) {
        if (!isEnabled() || pattern == null) {
            return 0;
        }
        RequestPrefetch.forgetAll();
        Pattern regex;
        try {
            regex = KeyLayout.globToRegex(pattern);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cache DELETE PATTERN skipped, invalid pattern {}: {}", pattern, e.getMessage());
            return 0;
        }
        long deleted = scanDeletion.deleteMatching(regex);
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
        RequestPrefetch.forgetAll();
        long deleted = scanDeletion.deleteAll();
        LOG.debug("Cache CLEAR: {} keys", deleted);
        return deleted;
    }

    /**
     * Deletes every key of a tag ({@code user:123}) without scanning: its tag set lists them. The members are
     * read with SMEMBERS, then deleted by a script that gets them as KEYS and bumps the tag's generation (so
     * fills in flight are dropped); members added in between are deleted by a second round (at most
     * {@value TagInvalidation#ROUNDS} rounds). Returns how many entries existed.
     */
    public long invalidateTag(String tag) {
        if (!isEnabled() || !validKey(tag)) {
            return 0;
        }
        RequestPrefetch.forgetAll();
        long deleted = tagInvalidation.invalidate(tag);
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
        return getOrLoad(key, ttl, type, loader, true);
    }

    /**
     * {@link #getOrLoad(String, Duration, Class, Supplier)} left out of {@code cache_hits_total} and
     * {@code cache_misses_total} (the log lines stay): for a lookup that every request makes before its own
     * read, the authentication state. Counted, it would add one hit to each authenticated request and hold
     * the hit rate at 50 % or more however badly the data it serves is cached, so LowCacheHitRate could never
     * fire.
     */
    public <T> T getOrLoadUncounted(String key, Duration ttl, Class<T> type, Supplier<T> loader) {
        return getOrLoad(key, ttl, Argument.of(type), loader, false);
    }

    private <T> T getOrLoad(String key, Duration ttl, Argument<T> type, Supplier<T> loader, boolean counted) {
        if (!isEnabled() || !validKey(key)) {
            return loader.get();
        }
        Optional<T> cached = read(key, type, counted);
        if (cached.isPresent()) {
            return cached.get();
        }
        return singleFlight.load(key, ttl, type, loader);
    }

    /**
     * {@link #getOrLoad(String, Duration, Class, Supplier)} for a route whose answer is the entry itself: a hit
     * returns the entry's JSON without decoding it (the route writes it out as it is), a miss the loaded value.
     * Counted and logged as {@code getOrLoad}. On a hit the entry is only checked to be a JSON object (an array
     * for a collection type), not decoded: a deploy that changes the shape of such a type bumps
     * {@code CACHE_SCHEMA_VERSION}, as for any cached type (an older entry would otherwise be served as it is
     * until it expires, where {@code getOrLoad}'s lenient read would have served it with the new fields null).
     */
    public <T> CacheAnswer<T> getOrLoadAnswer(String key, Duration ttl, Class<T> type, Supplier<T> loader) {
        return getOrLoadAnswer(key, ttl, type, loader, true);
    }

    /** {@link #getOrLoadAnswer} left out of the hit and miss counters, as {@link #getOrLoadUncounted}. */
    public <T> CacheAnswer<T> getOrLoadAnswerUncounted(String key, Duration ttl, Class<T> type, Supplier<T> loader) {
        return getOrLoadAnswer(key, ttl, type, loader, false);
    }

    /** An entry's JSON as {@code type}; empty (logged once) when it cannot be read as one. */
    public <T> Optional<T> decode(String key, String json, Class<T> type) {
        return entries.decode(key, json, Argument.of(type));
    }

    private <T> CacheAnswer<T> getOrLoadAnswer(
            String key, Duration ttl, Class<T> type, Supplier<T> loader, boolean counted) {
        if (!isEnabled() || !validKey(key)) {
            return CacheAnswer.loaded(loader.get());
        }
        boolean array = type.isArray() || Collection.class.isAssignableFrom(type);
        Optional<String> json = entries.readJson(key, array);
        if (json.isPresent()) {
            if (counted) {
                metrics.hit();
            }
            LOG.debug("Cache HIT: {}", key);
            return CacheAnswer.cached(json.get());
        }
        if (counted) {
            metrics.miss();
        }
        LOG.debug("Cache MISS: {}", key);
        return CacheAnswer.loaded(singleFlight.load(key, ttl, Argument.of(type), loader));
    }

    /**
     * Reads ahead, in one Redis round trip, {@code keys} and the keys the current route declares with
     * {@link CacheReads} (resolved with {@code callerId}), for the reads of this request that follow: the caller
     * binding calls it with the caller's authentication state, so a cached authenticated GET makes one round
     * trip in all. Does nothing when the cache is off, or when there is only one key (its own read is as
     * fast). Never throws; Redis unavailable: nothing is read ahead.
     */
    public void prefetchForRoute(HttpRequest<?> request, long callerId, String... keys) {
        if (!isEnabled()) {
            return;
        }
        List<String> all = new ArrayList<>(List.of(keys));
        RouteKeys.declared(request, callerId).forEach(key -> {
            if (!all.contains(key)) {
                all.add(key);
            }
        });
        // Not validated here: a key that is not valid is never read from what was read ahead (each read validates
        // its key first), and reading it cost nothing but a few bytes.
        if (all.size() > 1) {
            entries.prefetch(all);
        }
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

    /** For tests and health: whether Redis calls are being skipped (OPEN) or tried (CLOSED, HALF_OPEN). */
    public CircuitBreaker.State breakerState() {
        return redis.state();
    }
}
