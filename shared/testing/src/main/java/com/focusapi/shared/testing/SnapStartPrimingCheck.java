package com.focusapi.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.lambda.SnapStartPriming;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.shared.testing.crac.Core;
import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.RedisServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A simulated SnapStart checkpoint of a function's real handler, with the cache on (a real redis-server):
 * {@code org.crac.Core.checkpointRestore()} runs every CRaC resource the function registered, in CRaC's
 * order (see {@link Core}). {@link #verify} then checks that the priming sent the function's marked route
 * through the handler and warmed the database and Redis, that it touched no user data (Redis holds the same
 * keys, PostgreSQL assigned no transaction id, so nothing was written; neither the HTTP nor the SQL counters
 * moved), and that the function still answers after the restore.
 */
public final class SnapStartPrimingCheck implements AutoCloseable {
    private final FunctionTestApp app;
    private final RedisServer redis;

    private SnapStartPrimingCheck(RedisServer redis, FunctionTestApp app) {
        this.redis = redis;
        this.app = app;
    }

    /**
     * Checkpoints and restores the function built by {@code factory}: the priming must have answered
     * {@code primedStatus} to {@code primedRoute} ("GET /api/…"), and {@code afterRestore} (a request that
     * may create what it needs) must then get a 200.
     */
    public static void verify(
            Function<Map<String, Object>, ? extends FunctionTestApp> factory,
            String primedRoute,
            String primedStatus,
            Function<FunctionTestApp, JsonApi.Reply> afterRestore)
            throws Exception {
        try (SnapStartPrimingCheck check = start(factory)) {
            assertThat(check.checkpointAndRestore())
                    .contains(
                            new SnapStartPriming.Step(primedRoute, primedStatus),
                            new SnapStartPriming.Step("redis PING", "PONG"),
                            new SnapStartPriming.Step("database SELECT 1", "connected"));
            JsonApi.Reply reply = afterRestore.apply(check.app);
            assertThat(reply.status()).as("after the restore: %s", reply).isEqualTo(200);
        }
    }

    /**
     * {@link #verify} for an authenticated GET route: primed without a token (401), then answered to a
     * verified user's token after the restore.
     */
    public static void verifyAuthenticatedGet(
            Function<Map<String, Object>, ? extends FunctionTestApp> factory, String path) throws Exception {
        verify(
                factory,
                "GET " + path,
                "401",
                app -> app.api.get(path, app.tokenFor(app.createUser("primed", true, "user"), "user")));
    }

    /** Starts the function (its test app from {@code factory}) with only its own CRaC resources registered. */
    private static SnapStartPrimingCheck start(Function<Map<String, Object>, ? extends FunctionTestApp> factory) {
        Core.forgetRegistered();
        RedisServer redis = RedisServer.start();
        try {
            return new SnapStartPrimingCheck(
                    redis, factory.apply(Map.of("cache.enabled", true, "redis.url", redis.url())));
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** Checkpoint then restore; returns the priming's steps once the checks on user data have passed. */
    private List<SnapStartPriming.Step> checkpointAndRestore() throws Exception {
        MeterRegistry registry = app.context.getBean(MeterRegistry.class);
        String keysBefore = redis.cli("KEYS", "*");
        long nextTransactionBefore = nextTransactionId();
        double requestsBefore = total(registry, MetricNames.HTTP_REQUESTS);
        double queriesBefore = total(registry, MetricNames.DB_QUERIES);

        org.crac.Core.checkpointRestore();

        List<SnapStartPriming.Step> steps =
                app.context.getBean(SnapStartPriming.class).lastRun();
        assertThat(steps).as("priming steps").isNotEmpty();
        assertThat(redis.cli("KEYS", "*")).as("Redis keys").isEqualTo(keysBefore);
        assertThat(nextTransactionId())
                .as("next transaction id (a write assigns one)")
                .isEqualTo(nextTransactionBefore);
        assertThat(total(registry, MetricNames.HTTP_REQUESTS))
                .as("HTTP requests counted")
                .isEqualTo(requestsBefore);
        assertThat(total(registry, MetricNames.DB_QUERIES))
                .as("SQL statements counted")
                .isEqualTo(queriesBefore);
        return steps;
    }

    private long nextTransactionId() {
        return app.scalar("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
    }

    private static double total(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Override
    public void close() {
        app.close();
        redis.close();
    }
}
