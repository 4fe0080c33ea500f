package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.CacheSettings;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Redis that answers scripts with canned replies, in order, so that tests can send the answers a real
 * Redis never gives (malformed ones); any other command, and any script past the last reply, fails.
 */
final class CannedRedis {
    private final Deque<Object> scriptReplies;
    private Object smembersReply;

    private CannedRedis(List<Object> scriptReplies) {
        this.scriptReplies = new ArrayDeque<>(scriptReplies);
    }

    static CannedRedis scripts(Object... replies) {
        return new CannedRedis(List.of(replies));
    }

    CannedRedis smembers(Object reply) {
        this.smembersReply = reply;
        return this;
    }

    RedisGuard guard() {
        @SuppressWarnings("unchecked")
        RedisClusterAsyncCommands<String, String> commands =
                (RedisClusterAsyncCommands<String, String>) Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {RedisClusterAsyncCommands.class},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "evalsha" -> scriptReplies.isEmpty() ? failed() : answer(scriptReplies.poll());
                            case "smembers" -> smembersReply == null ? failed() : answer(smembersReply);
                            default -> failed();
                        });
        return new RedisGuard(
                () -> Optional.of(commands), new CacheSettings(), 1000, new CacheMetrics(new SimpleMeterRegistry()));
    }

    private static Answer answer(Object value) {
        Answer answer = new Answer();
        answer.complete(value);
        return answer;
    }

    private static Answer failed() {
        Answer answer = new Answer();
        answer.completeExceptionally(new IllegalStateException("no canned reply"));
        return answer;
    }

    private static final class Answer extends CompletableFuture<Object> implements RedisFuture<Object> {
        @Override
        public String getError() {
            return isCompletedExceptionally() ? "no canned reply" : null;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
