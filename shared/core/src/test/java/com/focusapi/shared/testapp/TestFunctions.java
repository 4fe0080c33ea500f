package com.focusapi.shared.testapp;

import com.focusapi.testsupport.PostgresServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.HashMap;
import java.util.Map;

/** The real Lambda handler of a function over the test routes, with given properties. */
public final class TestFunctions {
    private TestFunctions() {}

    /**
     * The handler Lambda runs, over a context built with {@code properties}. Its {@code close()} also closes
     * that context: {@link APIGatewayV2HTTPEventFunction#close()} leaves open a context that was passed in,
     * which would keep its beans (publisher threads, pools, the metrics extension) alive after the test.
     */
    /** {@link #handler} on {@code postgres}, migrated, without a cache; {@code extra} adds or overrides. */
    public static APIGatewayV2HTTPEventFunction onDatabase(PostgresServer postgres, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "cache.enabled",
                false,
                "database.url",
                postgres.jdbcUrl(),
                "database.user",
                postgres.user(),
                "database.migrate",
                true));
        properties.putAll(extra);
        return handler(properties);
    }

    public static APIGatewayV2HTTPEventFunction handler(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("micronaut.server.port", -1);
        ApplicationContext context =
                new LambdaApplicationContextBuilder().properties(all).build();
        return new APIGatewayV2HTTPEventFunction(context) {
            @Override
            public void close() {
                try {
                    super.close();
                } finally {
                    if (context.isRunning()) {
                        context.close();
                    }
                }
            }
        };
    }
}
