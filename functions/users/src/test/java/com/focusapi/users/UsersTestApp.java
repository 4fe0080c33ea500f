package com.focusapi.users;

import com.focusapi.shared.testing.FunctionTestApp;
import java.util.Map;

/** The users function's real Lambda handler on a real PostgreSQL; accounts are seeded with SQL. */
final class UsersTestApp extends FunctionTestApp {
    UsersTestApp(Map<String, Object> extra) {
        super(extra);
    }
}
