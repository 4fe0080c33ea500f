package com.focusapi.shared.testapp;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.util.HashMap;
import java.util.Map;

/** Builds the Lambda handler of the test application exactly as Lambda does, with test properties. */
public final class TestFunctions {
    private TestFunctions() {
    }

    public static APIGatewayV2HTTPEventFunction handler(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putIfAbsent("micronaut.server.port", -1);
        ApplicationContext context = new LambdaApplicationContextBuilder().properties(all).build();
        return new APIGatewayV2HTTPEventFunction(context) {
            /** The handler leaves a context it was given open; a test's handler owns its context. */
            @Override
            public void close() {
                super.close();
                context.close();
            }
        };
    }
}
