package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.internal.RedisGuard.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Deletes every key of a tag without scanning: its tag set lists them. The members are read with SMEMBERS,
 * then deleted by {@link Scripts#INVALIDATE}, which gets them as KEYS (a script may touch only declared
 * keys on a cluster) and bumps the tag's generation; members added in between are deleted by another
 * round, up to {@link #ROUNDS}.
 */
public final class TagInvalidation {
    public static final int ROUNDS = 3;

    private final KeyLayout layout;
    private final RedisGuard redis;
    private final Logger log;

    /** @param log the cache service's logger: operators and the guide know these lines under its name. */
    public TagInvalidation(KeyLayout layout, RedisGuard redis, Logger log) {
        this.layout = layout;
        this.redis = redis;
        this.log = log;
    }

    /** Returns how many entries existed. */
    public long invalidate(String tag) {
        String tagSet = layout.tagSet(tag);
        long deleted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Optional<Set<String>> members = redis.<Set<String>>call("invalidate_members", r -> r.smembers(tagSet))
                    .map(Reply::value);
            if (members.isEmpty()) {
                break;
            }
            List<String> keys = new ArrayList<>(members.get().size() + 2);
            keys.add(tagSet);
            keys.add(layout.generation(tag));
            keys.addAll(members.get());
            String[] keyArray = keys.toArray(String[]::new);
            Optional<InvalidateReply> reply =
                    Scripts.INVALIDATE.ask(redis, log, tag, InvalidateReply::from, keyArray, Scripts.GENERATION_TTL_MS);
            if (reply.isEmpty()) {
                break;
            }
            deleted += reply.get().deleted();
            if (reply.get().remaining() == 0) {
                break;
            }
        }
        return deleted;
    }
}
