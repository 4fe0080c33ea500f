package com.focusapi.activities;

import com.focusapi.shared.testing.FunctionTestApp;
import java.util.Map;

/** The activities function's real Lambda handler on a real PostgreSQL; accounts are seeded with SQL. */
final class ActivitiesTestApp extends FunctionTestApp {
    ActivitiesTestApp(Map<String, Object> extra) {
        // The concurrency test sends many requests at once through one handler.
        super(withRoomForConcurrency(12, extra));
    }
}
