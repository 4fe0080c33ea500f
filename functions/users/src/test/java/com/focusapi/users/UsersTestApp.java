package com.focusapi.users;

import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.testsupport.RedisServer;
import java.util.Map;

/** The users function's real Lambda handler on a real PostgreSQL; accounts are seeded with SQL. */
final class UsersTestApp extends FunctionTestApp {
    UsersTestApp(Map<String, Object> extra) {
        super(extra);
    }

    private UsersTestApp(RedisServer redis) {
        super(redis, Map.of());
    }

    /** With the cache on, over a redis-server of its own that closes with the app. */
    public static UsersTestApp withCache() {
        return new UsersTestApp(RedisServer.start());
    }
}
