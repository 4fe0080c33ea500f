package com.focusapi.benchmarks.lambda.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;

/**
 * The baseline of the cold-start table: a handler with no framework, one Lettuce connection opened in the
 * constructor (REDIS_URL) and one GET of a value the harness cached. What a function costs beyond this is
 * what Micronaut, the pool, the metrics and the rest add. Runs on the health function's jar, which carries
 * Lettuce and aws-lambda-java-core.
 */
public class BareRedisHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** The key the harness sets before the runs. */
    public static final String KEY = "coldstart:bare";

    private final StatefulRedisConnection<String, String> connection;

    public BareRedisHandler() {
        connection = RedisClient.create(System.getenv("REDIS_URL")).connect();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String value = connection.sync().get(KEY);
        return Map.of("statusCode", value == null ? 404 : 200, "body", value == null ? "" : value);
    }
}
