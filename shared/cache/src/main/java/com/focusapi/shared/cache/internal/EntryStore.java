package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.core.type.Argument;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * Reads, writes and deletes single entries: JSON through {@link CacheCodec}, stored by {@link Scripts#STORE}
 * so that tag sets and generations stay consistent. A value that cannot be written or read, or a TTL that
 * is not positive, is logged and treated as a miss or a dropped write, never thrown.
 */
public final class EntryStore {
    private static final int MAX_UNREADABLE_LOGGED = 1000;

    private final KeyLayout layout;
    private final RedisGuard redis;
    private final CacheCodec codec;
    private final int jitterPercent;
    private final Logger log;
    private final Set<String> unreadableLogged = ConcurrentHashMap.newKeySet();

    /** @param log the cache service's logger: operators and the guide know these lines under its name. */
    public EntryStore(KeyLayout layout, RedisGuard redis, CacheCodec codec, int ttlJitterPercent, Logger log) {
        this.layout = layout;
        this.redis = redis;
        this.codec = codec;
        this.jitterPercent = Math.max(0, Math.min(90, ttlJitterPercent));
        this.log = log;
    }

    /** The value, or empty when absent, unreadable as {@code type}, or Redis is unavailable. */
    public <T> Optional<T> read(String key, Argument<T> type) {
        return decode(key, rawGet(key).orElse(null), type);
    }

    /** The entry read ahead in this request if it was, else one GET. */
    private Optional<String> rawGet(String key) {
        Optional<Optional<String>> prefetched = RequestPrefetch.take(key);
        if (prefetched.isPresent()) {
            return prefetched.get();
        }
        String physical = layout.data(key);
        return redis.<String>call("get", r -> r.get(physical)).map(Reply::value);
    }

    /**
     * Reads {@code keys} in one round trip (MGET; Lettuce splits it by slot on a cluster) and keeps them for
     * the current request ({@link RequestPrefetch}). Nothing is kept when Redis is unavailable: the reads that
     * follow then ask Redis themselves, through the breaker like any call.
     */
    public void prefetch(List<String> keys) {
        String[] physical = keys.stream().map(layout::data).toArray(String[]::new);
        redis.<List<KeyValue<String, String>>>call("mget", r -> r.mget(physical))
                .map(Reply::value)
                .ifPresent(values -> {
                    Map<String, String> entries = RequestPrefetch.newEntries();
                    for (int i = 0; i < keys.size() && i < values.size(); i++) {
                        KeyValue<String, String> value = values.get(i);
                        entries.put(keys.get(i), value.hasValue() ? value.getValue() : null);
                    }
                    RequestPrefetch.keep(entries);
                });
    }

    /**
     * The entry's JSON as stored, for a caller that serves it as it is; empty when absent, when Redis is
     * unavailable, and when it is not a JSON array ({@code array}) or object (otherwise): a JSON {@code null}, a
     * scalar or the other kind is no answer, and {@code getOrLoadAnswer} then loads and replaces it, as
     * {@code getOrLoad} does with an unreadable entry.
     */
    public Optional<String> readJson(String key, boolean array) {
        char expected = array ? '[' : '{';
        return rawGet(key).filter(json -> !json.isEmpty() && json.charAt(0) == expected);
    }

    /** Write-through: overwrites and bumps the family's generation, so that fills loaded before it are dropped. */
    public boolean write(String key, Object value, Duration ttl) {
        RequestPrefetch.forget(key);
        String json = encode(key, value);
        return json != null && store("set", key, json, ttl, false, "", "");
    }

    /**
     * Cache-aside fill: never overwrites a value (a write-through that arrived meanwhile is fresher), is
     * dropped when the family's generation moved past {@code generation}, and releases the load lock of
     * {@code lockToken} ("" = none) in the same script.
     */
    boolean fill(String key, String json, Duration ttl, String generation, String lockToken) {
        RequestPrefetch.forget(key);
        return store("fill", key, json, ttl, true, generation, lockToken);
    }

    /** Deletes one entry and bumps its family's generation; returns how many keys were deleted. */
    public long delete(String key) {
        RequestPrefetch.forget(key);
        String[] keys = {layout.data(key), layout.generation(KeyLayout.family(key))};
        return redis.<Long>call(
                        "delete", r -> Scripts.DELETE.run(r, ScriptOutputType.INTEGER, keys, Scripts.GENERATION_TTL_MS))
                .map(Reply::value)
                .orElse(0L);
    }

    private boolean store(
            String operation, String key, String json, Duration ttl, boolean nx, String generation, String lockToken) {
        if (!validTtl(key, ttl)) {
            return false;
        }
        String family = KeyLayout.family(key);
        String[] keys = {layout.data(key), layout.tagSet(family), layout.generation(family), layout.lock(key)};
        String ttlMs = String.valueOf(jittered(ttl));
        boolean stored = redis.<Long>call(
                        operation,
                        r -> Scripts.STORE.run(
                                r,
                                ScriptOutputType.INTEGER,
                                keys,
                                json,
                                ttlMs,
                                nx ? "nx" : "set",
                                generation,
                                lockToken,
                                Scripts.GENERATION_TTL_MS))
                .map(reply -> Long.valueOf(1).equals(reply.value()))
                .orElse(false);
        if (stored) {
            log.debug("Cache SET: {} (TTL: {}s)", key, ttl.toSeconds());
        }
        return stored;
    }

    /** A non-positive TTL is a caller's mistake: logged, and the value is not stored (never an exception). */
    boolean validTtl(String key, Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            log.warn("Cache {} not stored: the TTL must be positive, was {}", key, ttl);
            return false;
        }
        return true;
    }

    /** Up to {@code CACHE_TTL_JITTER_PERCENT} of the TTL taken off at random: never longer than asked. */
    private long jittered(Duration ttl) {
        long ms = ttl.toMillis();
        long cut =
                (long) (ms * jitterPercent / 100.0 * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, ms - cut);
    }

    /** The JSON of {@code value}, or null (logged) when it holds a secret or is not serialisable. */
    String encode(String key, Object value) {
        try {
            return codec.write(value);
        } catch (CacheCodec.SecretValueException e) {
            log.warn("Cache refused {}: {}", key, e.getOriginalMessage());
        } catch (RuntimeException e) {
            log.warn("Cache refused {}: {}", key, e.getMessage());
        }
        return null;
    }

    /** Empty for a null {@code json}, and for an entry unreadable as {@code type} (logged). */
    public <T> Optional<T> decode(String key, String json, Argument<T> type) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            T value = codec.read(json, type);
            if (value != null) {
                return Optional.of(value);
            }
            unreadable(key, type, "null");
        } catch (IOException | RuntimeException e) {
            // An entry written for another shape of the type: a miss; getOrLoad replaces it.
            unreadable(key, type, e.getMessage());
        }
        return Optional.empty();
    }

    /** Warns once per key and type (a bounded number of times in all), then only at debug level. */
    private void unreadable(String key, Argument<?> type, String why) {
        String what = key + " as " + type.getTypeName();
        if (unreadableLogged.size() < MAX_UNREADABLE_LOGGED && unreadableLogged.add(what)) {
            log.warn("Cache entry {} unreadable as {}, treated as a miss: {}", key, type.getTypeName(), why);
        } else {
            log.debug("Cache entry {} unreadable as {}: {}", key, type.getTypeName(), why);
        }
    }
}
