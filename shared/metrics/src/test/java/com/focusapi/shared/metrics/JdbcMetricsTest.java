package com.focusapi.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Database metrics through the datasource-proxy wrapper, against a real PostgreSQL. */
class JdbcMetricsTest {

    @Test
    void everyStatementIsCountedByOperationAndActiveConnectionsFollowThePool() {
        try (PostgresServer postgres = PostgresServer.start();
                APIGatewayV2HTTPEventFunction handler = TestFunctions.handler(Map.of(
                        "cache.enabled",
                        false,
                        "function.name",
                        "jdbc",
                        "database.url",
                        postgres.jdbcUrl(),
                        "database.user",
                        postgres.user(),
                        "database.migrate",
                        true))) {
            LambdaHttp http = new LambdaHttp(handler);
            PrometheusMeterRegistry prometheus = handler.getApplicationContext().getBean(PrometheusMeterRegistry.class);
            String before = prometheus.scrape();

            assertThat(http.send("POST", "/test/db/write", null, Map.of()).getStatusCode())
                    .isEqualTo(200);
            assertThat(http.send("POST", "/test/db/write", null, Map.of()).getStatusCode())
                    .isEqualTo(200);
            String after = prometheus.scrape();

            for (String op : new String[] {"INSERT", "UPDATE", "SELECT", "DELETE"}) {
                assertThat(delta(before, after, "focus_api_db_queries_total", op))
                        .as(op)
                        .isEqualTo(2);
                assertThat(delta(before, after, "focus_api_db_query_duration_seconds_count", op))
                        .as(op)
                        .isEqualTo(2);
            }
            assertThat(delta(before, after, "focus_api_db_queries_total", "OTHER"))
                    .isEqualTo(2); // CREATE TEMP TABLE

            // While a request holds a connection the gauge says 1; once it is returned, 0.
            assertThat(http.get("/test/db/active").getBody()).contains("\"inside\":1.0");
            assertThat(PrometheusText.value(
                            prometheus.scrape(), "focus_api_db_connections_active", Map.of("function", "jdbc")))
                    .isEqualTo(0);
            // The health probe and the Flyway migration keep working through the proxy.
            assertThat(handler.getApplicationContext()
                            .getBean(com.focusapi.shared.persistence.DatabaseProbe.class)
                            .isConnected())
                    .isTrue();
        }
    }

    private static double delta(String before, String after, String name, String operation) {
        double b = PrometheusText.value(before, name, Map.of("operation", operation));
        double a = PrometheusText.value(after, name, Map.of("operation", operation));
        return a - (Double.isNaN(b) ? 0 : b);
    }
}
