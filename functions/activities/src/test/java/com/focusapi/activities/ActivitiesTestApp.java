package com.focusapi.activities;

import com.focusapi.shared.testing.FunctionTestApp;

import java.util.HashMap;
import java.util.Map;

/** The activities function's real Lambda handler on a real PostgreSQL; accounts are seeded with SQL. */
final class ActivitiesTestApp extends FunctionTestApp {
    ActivitiesTestApp(Map<String, Object> extra) {
        super(withRoomForConcurrency(extra));
    }

    /**
     * The concurrency test sends many requests at once through one handler; Lambda never does, so the pool
     * of 2 that suits Lambda would only measure queueing here.
     */
    private static Map<String, Object> withRoomForConcurrency(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of("database.pool-size", 12, "database.connection-timeout-ms", 30_000));
        properties.putAll(extra);
        return properties;
    }
}
