package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.CacheSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Redis call under the cache's failure rules: bounded by the command timeout, skipped while the
 * circuit breaker is open (so a down Redis costs a request nothing after the first few failures), timed
 * into the operations histogram, and never throwing. The breaker lets one call through after
 * {@code breakerOpenMs} and closes again when it succeeds: the cache comes back by itself.
 * <p>
 * Each time the breaker opens, {@code onOpen} runs (the connection is replaced): a connection whose peer
 * vanished without a reset (a failover whose old address stops answering, a silent network path) stays
 * "connected" for Lettuce and would time out every command for good; a new connection finds the server
 * that answers. For a Redis that is merely down or slow a new connection costs one background connect.
 */
public final class RedisGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);

    /** A Redis answer; {@code value} is null for a nil reply. */
    public record Reply<T>(T value) {}

    private final Supplier<Optional<RedisClusterAsyncCommands<String, String>>> connection;
    private final CircuitBreaker breaker;
    private final long timeoutMs;
    private final CacheMetrics metrics;

    public RedisGuard(
            Supplier<Optional<RedisClusterAsyncCommands<String, String>>> connection,
            CacheSettings settings,
            long timeoutMs,
            CacheMetrics metrics) {
        this(connection, settings, timeoutMs, metrics, () -> {});
    }

    public RedisGuard(
            Supplier<Optional<RedisClusterAsyncCommands<String, String>>> connection,
            CacheSettings settings,
            long timeoutMs,
            CacheMetrics metrics,
            Runnable onOpen) {
        this.connection = connection;
        this.timeoutMs = timeoutMs;
        this.metrics = metrics;
        this.breaker = CircuitBreaker.of(
                "redis",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(settings.getBreakerWindow())
                        .minimumNumberOfCalls(settings.getBreakerMinimumCalls())
                        .failureRateThreshold(settings.getBreakerFailureRate())
                        .waitDurationInOpenState(Duration.ofMillis(settings.getBreakerOpenMs()))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        // No timer thread: the first call after the wait moves the breaker to half-open.
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            LOG.warn("Cache circuit breaker {}", event.getStateTransition());
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                onOpen.run();
            }
        });
    }

    public <T> Optional<Reply<T>> call(
            String operation, Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        if (!breaker.tryAcquirePermission()) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        try {
            Optional<RedisClusterAsyncCommands<String, String>> redis = connection.get();
            if (redis.isEmpty()) {
                // Not connected (yet): a miss that cost nothing; the connector retries in the background.
                breaker.releasePermission();
                return Optional.empty();
            }
            T value = command.apply(redis.get()).toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
            long elapsed = System.nanoTime() - start;
            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            metrics.operation(operation, elapsed);
            return Optional.of(new Reply<>(value));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, cause);
            LOG.debug("Cache {} failed: {}", operation, cause.toString());
            return Optional.empty();
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    public long timeoutMs() {
        return timeoutMs;
    }
}
