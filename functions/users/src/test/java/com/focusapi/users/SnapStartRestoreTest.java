package com.focusapi.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.cache.RedisConnectionProvider;
import com.focusapi.shared.lambda.SnapStartPriming;
import com.focusapi.shared.metrics.MetricsPublishing;
import com.focusapi.shared.testing.FunctionTestApp;
import com.focusapi.shared.testing.crac.Core;
import com.focusapi.testsupport.FaultyTcpProxy;
import com.focusapi.testsupport.JsonApi.Reply;
import com.focusapi.testsupport.PushgatewayServer;
import com.focusapi.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

/**
 * A simulated SnapStart checkpoint and restore of the users function's real handler, its Redis and its
 * PostgreSQL each behind a proxy, its metrics pushed to a real Pushgateway. Between the checkpoint and the
 * restore both proxies reset every connection, as the snapshot's sockets are dead in a restored
 * environment. Two probes registered around the function's own resources show the order CRaC calls them
 * in and what each phase left: the priming ran and the Redis connection was closed before the snapshot;
 * after the restore Redis is connected again, the Pushgateway instance is a new one (restored copies of a
 * snapshot must not push into one group), and the first request is served from the database and the
 * next from the cache.
 */
class SnapStartRestoreTest {
    private static FaultyTcpProxy database;

    static final class ProxiedApp extends FunctionTestApp {
        ProxiedApp(Map<String, Object> extra) {
            super(null, postgres -> {
                database = FaultyTcpProxy.to(postgres.port());
                Map<String, Object> properties = new HashMap<>(extra);
                properties.put("database.url", "jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres");
                return properties;
            });
        }
    }

    /** Records the order of the calls, and runs {@code check} in each. */
    private record Probe(String name, List<String> calls, Runnable before, Runnable after) implements Resource {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            calls.add(name + ".beforeCheckpoint");
            before.run();
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            calls.add(name + ".afterRestore");
            after.run();
        }
    }

    @Test
    void hooksRunInOrderConnectionsComeBackAndTheInstanceIsNew() throws Exception {
        Core.forgetRegistered();
        List<String> calls = new CopyOnWriteArrayList<>();
        Map<String, Object> seen = new HashMap<>();
        try (RedisServer redis = RedisServer.start();
                FaultyTcpProxy cacheProxy = FaultyTcpProxy.to(redis.port());
                PushgatewayServer pushgateway = PushgatewayServer.start()) {
            ProxiedApp[] holder = new ProxiedApp[1];
            // Registered before the function: CRaC calls it last before the checkpoint, first after the restore.
            Probe outer = new Probe(
                    "outer",
                    calls,
                    () -> {
                        ProxiedApp app = holder[0];
                        seen.put(
                                "primed",
                                app.context.getBean(SnapStartPriming.class).lastRun());
                        seen.put(
                                "redisOpenBeforeSnapshot",
                                app.context
                                        .getBean(RedisConnectionProvider.class)
                                        .commands()
                                        .isPresent());
                        seen.put("instanceBefore", instance(app));
                        seen.put("databaseSessionsAtSnapshot", awaitNoSession(app));
                        // The snapshot is taken here; a restored environment finds every old socket dead.
                        cacheProxy.resetAll();
                        database.resetAll();
                    },
                    () -> {});
            org.crac.Core.getGlobalContext().register(outer);
            try (ProxiedApp app = new ProxiedApp(Map.of(
                    "cache.enabled",
                    true,
                    "redis.url",
                    "redis://127.0.0.1:" + cacheProxy.port(),
                    "pushgateway.url",
                    pushgateway.url(),
                    "function.name",
                    "users-restore"))) {
                holder[0] = app;
                // Registered after the function's resources: called first before, last after.
                Probe inner = new Probe("inner", calls, () -> {}, () -> {
                    seen.put(
                            "redisOpenAfterRestore",
                            app.context
                                    .getBean(RedisConnectionProvider.class)
                                    .commands()
                                    .isPresent());
                    seen.put("instanceAfter", instance(app));
                });
                org.crac.Core.getGlobalContext().register(inner);
                long userId = app.createUser("restored", true, "user");
                String token = app.tokenFor(userId, "user");
                app.execute("INSERT INTO activities (user_id, app_name, duration_minutes, activity_date) VALUES ("
                        + userId + ", 'YouTube', 42, CURRENT_DATE)");
                long cacheConnectionsBefore = cacheProxy.accepted();

                org.crac.Core.checkpointRestore();

                assertThat(calls)
                        .containsExactly(
                                "inner.beforeCheckpoint",
                                "outer.beforeCheckpoint",
                                "outer.afterRestore",
                                "inner.afterRestore");
                @SuppressWarnings("unchecked")
                List<SnapStartPriming.Step> primed = (List<SnapStartPriming.Step>) seen.get("primed");
                assertThat(primed).contains(new SnapStartPriming.Step("GET /api/users/me/stats", "401"));
                assertThat(seen.get("redisOpenBeforeSnapshot"))
                        .as("the Redis connection is closed before the snapshot")
                        .isEqualTo(false);
                assertThat(seen.get("redisOpenAfterRestore"))
                        .as("Redis connected again by the restore hook")
                        .isEqualTo(true);
                assertThat(seen.get("databaseSessionsAtSnapshot"))
                        .as("no pooled database connection in the snapshot")
                        .isEqualTo(0L);
                assertThat(cacheProxy.accepted()).isGreaterThan(cacheConnectionsBefore);
                assertThat(seen.get("instanceAfter")).isNotEqualTo(seen.get("instanceBefore"));

                // Served after the restore: from PostgreSQL on a new connection, then from Redis.
                Reply first = app.api.get("/api/users/me/stats", token);
                assertThat(first.status()).as("%s", first).isEqualTo(200);
                assertThat(first.body()).contains("42");
                double hits = hits(app);
                assertThat(app.api.get("/api/users/me/stats", token).json()).isEqualTo(first.json());
                assertThat(hits(app)).isGreaterThan(hits);

                // Pushed under the new instance.
                MetricsPublishing publishing = app.context.getBean(MetricsPublishing.class);
                assertThat(publishing.flush(Duration.ofSeconds(10))).isTrue();
                assertThat(pushgateway.metricsText()).contains("instance=\"" + seen.get("instanceAfter") + "\"");
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** The function's sessions in PostgreSQL, once none is left or after 10 s (closing is asynchronous). */
    private static long awaitNoSession(FunctionTestApp app) {
        String sessions = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'focus-api'";
        long deadline = System.currentTimeMillis() + 10_000;
        while (app.scalar(sessions) > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return app.scalar(sessions);
    }

    private static String instance(FunctionTestApp app) {
        return app.context.getBean(MetricsPublishing.class).instanceId().orElseThrow();
    }

    private static double hits(FunctionTestApp app) {
        return app.context
                .getBean(MeterRegistry.class)
                .get("focus_api_cache_hits")
                .counter()
                .count();
    }
}
