package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Deletes keys of this namespace found with SCAN (never KEYS; on a cluster, over every master), page by
 * page: for each page, bumps the generation of the families of the selected keys (so a fill loaded before
 * the delete is dropped), then deletes them. The work is bounded by {@link #MAX_SCAN_PAGES}; past that it
 * stops with a warning and the caller may call again.
 */
public final class ScanDeletion {
    /** Stop after this many SCAN pages (100,000 keys examined) and say so in a warning. */
    public static final int MAX_SCAN_PAGES = 200;

    private static final int SCAN_PAGE = 500;

    private final KeyLayout layout;
    private final RedisGuard redis;
    private final Logger log;

    /** @param log the cache service's logger: operators and the guide know these lines under its name. */
    public ScanDeletion(KeyLayout layout, RedisGuard redis, Logger log) {
        this.layout = layout;
        this.redis = redis;
        this.log = log;
    }

    /** Deletes the entries whose logical key matches {@code logicalKeys}; returns how many were deleted. */
    public long deleteMatching(Pattern logicalKeys) {
        return scanAndDelete(
                "delete_pattern",
                physical -> {
                    String logical = layout.logical(physical);
                    return logical != null && logicalKeys.matcher(logical).matches();
                },
                physical -> {
                    // A matching key being loaded right now: its fill must be dropped too.
                    String locked = layout.lockedKey(physical);
                    return locked != null && logicalKeys.matcher(locked).matches();
                });
    }

    /** Deletes every key of the namespace but the generation counters; returns how many were deleted. */
    public long deleteAll() {
        // Generation counters are kept (and bumped): deleting one would let a fill that read "0" pass.
        return scanAndDelete("clear_all", physical -> !layout.isGeneration(physical), physical -> false);
    }

    /** Stops after {@link #MAX_SCAN_PAGES} pages, or at the first page Redis does not answer. */
    private long scanAndDelete(String operation, Predicate<String> selected, Predicate<String> bumpOnly) {
        long deleted = 0;
        int pages = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        ScanArgs args = ScanArgs.Builder.matches(layout.namespacePattern()).limit(SCAN_PAGE);
        do {
            if (pages++ >= MAX_SCAN_PAGES) {
                log.warn(
                        "Cache {}: stopped after {} SCAN pages ({} keys deleted); call it again for the rest",
                        operation,
                        MAX_SCAN_PAGES,
                        deleted);
                break;
            }
            ScanCursor from = cursor;
            Optional<KeyScanCursor<String>> page = redis.<KeyScanCursor<String>>call("scan", r -> r.scan(from, args))
                    .map(Reply::value);
            if (page.isEmpty()) {
                break;
            }
            String[] keys = page.get().getKeys().stream().filter(selected).toArray(String[]::new);
            String[] bumped =
                    page.get().getKeys().stream().filter(selected.or(bumpOnly)).toArray(String[]::new);
            bumpGenerations(bumped);
            if (keys.length > 0) {
                deleted += redis.<Long>call(operation, r -> r.del(keys))
                        .map(Reply::value)
                        .orElse(0L);
            }
            cursor = page.get();
        } while (!cursor.isFinished());
        return deleted;
    }

    private void bumpGenerations(String[] physicalKeys) {
        String[] generations = Arrays.stream(physicalKeys)
                .map(layout::familyOfPhysical)
                .filter(Objects::nonNull)
                .distinct()
                .map(layout::generation)
                .toArray(String[]::new);
        if (generations.length > 0) {
            redis.<Void>call(
                    "bump",
                    r -> CompletableFuture.allOf(Arrays.stream(generations)
                            .map(g -> Scripts.BUMP
                                    .run(r, ScriptOutputType.INTEGER, new String[] {g}, Scripts.GENERATION_TTL_MS)
                                    .toCompletableFuture())
                            .toArray(CompletableFuture[]::new)));
        }
    }
}
