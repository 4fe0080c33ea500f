package com.focusapi.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The Lambda {@link Context} of the invocation in progress. Inject this instead of {@code Context}: the
 * context is no longer a bean (see {@link CurrentLambdaContextFactory}).
 */
@Singleton
public class CurrentLambdaContext {
    private volatile @Nullable Context current;

    void set(Context context) {
        this.current = context;
    }

    public Optional<Context> get() {
        return Optional.ofNullable(current);
    }

    /** The AWS request id of the invocation in progress, if any. */
    public Optional<String> awsRequestId() {
        return get().map(Context::getAwsRequestId);
    }
}
