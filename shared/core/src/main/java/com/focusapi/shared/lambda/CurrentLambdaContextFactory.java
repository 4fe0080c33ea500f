package com.focusapi.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Fixes a leak of micronaut-aws 4.11.0: its {@link DefaultLambdaContextFactory} calls
 * {@code registerSingleton(Context.class, ...)} on every invocation, so the bean context gains a definition
 * per request and warm latency grows with the number of requests an environment has served (measured:
 * ~2 ms to 11–17 ms over 8,000 invocations). Here only the current context is kept, in a holder.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
// Only the benchmark turns it off (lambda.context-leak-fix=false), to measure the leak it fixes.
@Requires(property = "lambda.context-leak-fix", notEquals = "false")
public class CurrentLambdaContextFactory implements LambdaContextFactory {
    private final CurrentLambdaContext holder;

    public CurrentLambdaContextFactory(CurrentLambdaContext holder) {
        this.holder = holder;
    }

    @Override
    public void registerSingletons(Context lambdaContext) {
        holder.set(lambdaContext);
    }
}
