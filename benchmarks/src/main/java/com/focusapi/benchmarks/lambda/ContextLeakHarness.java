package com.focusapi.benchmarks.lambda;

import com.focusapi.testsupport.LambdaHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;

/**
 * Warm latency of the payload 2.0 handler over many invocations, with and without the fix for
 * micronaut-aws's per-invocation Context bean. A harness rather than JMH: the point is how latency moves
 * as the invocation count grows, which a steady-state JMH score averages away.
 * <p>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar com.focusapi.benchmarks.lambda.ContextLeakHarness [invocations]}
 */
public final class ContextLeakHarness {
    private ContextLeakHarness() {}

    public static void main(String[] args) {
        int invocations = args.length > 0 ? Integer.parseInt(args[0]) : 8_000;
        int window = Math.max(1, invocations / 8);
        for (boolean fix : new boolean[] {false, true}) {
            ApplicationContext context = new LambdaApplicationContextBuilder()
                    .properties(Map.of(
                            "micronaut.server.port",
                            -1,
                            "lambda.context-leak-fix",
                            fix,
                            "cache.enabled",
                            false,
                            "metrics.enabled",
                            false))
                    .build();
            try (APIGatewayV2HTTPEventFunction handler = new APIGatewayV2HTTPEventFunction(context)) {
                LambdaHttp http = new LambdaHttp(handler);
                for (int i = 0; i < 2_000; i++) {
                    http.get("/bench/ping");
                }
                int beansBefore = context.getAllBeanDefinitions().size();
                StringBuilder line = new StringBuilder();
                long windowStart = System.nanoTime();
                for (int i = 1; i <= invocations; i++) {
                    http.get("/bench/ping");
                    if (i % window == 0) {
                        double micros = (System.nanoTime() - windowStart) / 1e3 / window;
                        line.append(String.format(" %7.1f", micros));
                        windowStart = System.nanoTime();
                    }
                }
                System.out.printf(
                        "fix=%-5s mean µs per invocation, per window of %d:%s | bean definitions +%d%n",
                        fix, window, line, context.getAllBeanDefinitions().size() - beansBefore);
            }
        }
    }
}
