package com.focusapi.users;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.testsupport.RedisServer;
import java.util.Map;

/** The users function's real Lambda handler on a real PostgreSQL; accounts are seeded with SQL. */
final class UsersTestApp extends FunctionTestApp {
    /** The app's own redis-server when the cache is on ({@link #withCache()}), else null. */
    final RedisServer redis;

    UsersTestApp(Map<String, Object> extra) {
        this(null, extra);
    }

    private UsersTestApp(RedisServer redis, Map<String, Object> extra) {
        super(extra);
        this.redis = redis;
    }

    /** With the cache on, over a redis-server of its own that closes with the app. */
    static UsersTestApp withCache() {
        RedisServer redis = RedisServer.start();
        return new UsersTestApp(redis, Map.of("cache.enabled", true, "redis.url", redis.url()));
    }

    @Override
    public void close() {
        super.close();
        if (redis != null) {
            redis.close();
        }
    }
}
