package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The Lua scripts that keep a family's keys, tag set and generation consistent. All keys of one call share
 * a hash tag (see {@link KeyLayout}), so each script is atomic on a single node and on a cluster.
 * Scripts are sent by SHA and loaded on the first NOSCRIPT (a restarted or new node).
 */
public enum Scripts {
    /**
     * Store a value and record it in its family's tag set (whose TTL is kept at least the value's).
     * KEYS: data, tag set, generation, lock. ARGV: value, ttl ms, mode, the generation read before loading
     * ("" = do not check: a fill whose family was invalidated meanwhile holds stale data), lock token to
     * release ("" = none), generation ttl ms. Mode "nx" is a cache-aside fill (never overwrites a value,
     * e.g. a fresher write-through); "set" is a write-through, which overwrites and bumps the family's
     * generation, so that a fill loaded before it is dropped even if the written value is gone by then.
     */
    STORE("""
            if ARGV[5] ~= '' and redis.call('GET', KEYS[4]) == ARGV[5] then redis.call('DEL', KEYS[4]) end
            if ARGV[4] ~= '' and (redis.call('GET', KEYS[3]) or '0') ~= ARGV[4] then return 0 end
            local ok
            if ARGV[3] == 'nx' then ok = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX')
            else
              redis.call('INCR', KEYS[3])
              redis.call('PEXPIRE', KEYS[3], ARGV[6])
              ok = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            end
            if not ok then return 0 end
            redis.call('SADD', KEYS[2], KEYS[1])
            if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
            return 1
            """),
    /**
     * After a miss: re-read the value, else read the family generation and try to take the load lock.
     * KEYS: data, generation, lock. ARGV: lock token, lock ttl ms. Returns {1, value} or {0, generation, took}.
     */
    MISS("""
            local v = redis.call('GET', KEYS[1])
            if v then return {1, v} end
            local took = redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2], 'NX')
            return {0, redis.call('GET', KEYS[2]) or '0', took and 1 or 0}
            """),
    /** While another loads: {1, value} once it is there, else {0, 1 while the lock is held}. KEYS: data, lock. */
    AWAIT("""
            local v = redis.call('GET', KEYS[1])
            if v then return {1, v} end
            return {0, redis.call('EXISTS', KEYS[2])}
            """),
    /** Release the load lock if still ours. KEYS: lock. ARGV: token. */
    UNLOCK("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """),
    /**
     * Delete one key and bump its family generation, so a fill loaded before the delete cannot bring the
     * old value back. KEYS: data, generation. ARGV: generation ttl ms.
     */
    DELETE("""
            local n = redis.call('DEL', KEYS[1])
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return n
            """),
    /**
     * Delete the given keys of a family (the members of its tag set, read with SMEMBERS just before and
     * passed as KEYS, so that the script touches only declared keys), remove them from the tag set and bump
     * the family's generation. KEYS: tag set, generation, members... ARGV: generation ttl ms. Returns
     * {how many entries existed, how many members the tag set still has (added since the SMEMBERS)}.
     */
    INVALIDATE("""
            local n = 0
            for i = 3, #KEYS, 500 do
              local last = math.min(i + 499, #KEYS)
              n = n + redis.call('DEL', unpack(KEYS, i, last))
              redis.call('SREM', KEYS[1], unpack(KEYS, i, last))
            end
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return {n, redis.call('SCARD', KEYS[1])}
            """),
    /** Bump a family's generation (its fills in flight are dropped). KEYS: generation. ARGV: generation ttl ms. */
    BUMP("""
            local g = redis.call('INCR', KEYS[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return g
            """);

    /** The ARGV of every script that bumps a generation: it must outlive any load in flight; an hour is far beyond any request. */
    static final String GENERATION_TTL_MS = String.valueOf(Duration.ofHours(1).toMillis());

    private final String source;
    private final String sha;

    Scripts(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    public <T> CompletionStage<T> run(
            RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>evalsha(sha, type, keys, args).whenComplete((value, error) -> {
            if (error instanceof RedisNoScriptException
                    || (error != null && String.valueOf(error.getMessage()).startsWith("NOSCRIPT"))) {
                // EVAL caches the script on that node: the next EVALSHA finds it.
                redis.<T>eval(source, type, keys, args).whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } else if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /**
     * Runs this script, whose answer is a list, under {@code redis}'s failure rules and reads the answer with
     * {@code reply}. Empty when Redis failed or when the answer has another shape: callers treat both as a
     * cache failure, and only the second is logged (about {@code key}), since only a bug can cause it. The
     * script's name is its operation in the metrics and in that log line.
     */
    <R> Optional<R> ask(
            RedisGuard redis,
            Logger log,
            String key,
            Function<List<?>, Optional<R>> reply,
            String[] keys,
            String... args) {
        String operation = name().toLowerCase(Locale.ROOT);
        Optional<List<?>> answer = redis.<List<?>>call(operation, r -> run(r, ScriptOutputType.MULTI, keys, args))
                .map(Reply::value);
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Optional<R> read = reply.apply(answer.get());
        if (read.isEmpty()) {
            log.warn("Cache {}: unexpected answer of the {} script: {}", key, operation, answer.get());
        }
        return read;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
