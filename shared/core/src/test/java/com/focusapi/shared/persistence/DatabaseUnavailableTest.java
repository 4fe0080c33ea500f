package com.focusapi.shared.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.PostgresServer;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real PostgreSQL that goes away: the request gets a clean 503 problem, and recovers when it returns. */
class DatabaseUnavailableTest {

    @Test
    void databaseDownIs503AndRecovers() {
        try (PostgresServer postgres = PostgresServer.start();
                APIGatewayV2HTTPEventFunction handler =
                        TestFunctions.onDatabase(postgres, Map.of("database.connection-timeout-ms", 1000))) {
            LambdaHttp http = new LambdaHttp(handler);
            assertThat(http.get("/test/db").getBody()).contains("42");

            postgres.stop();
            APIGatewayV2HTTPResponse down = http.get("/test/db");
            assertThat(down.getStatusCode()).isEqualTo(503);
            assertThat(down.getBody()).contains("\"status\":503").doesNotContain("SQL");

            postgres.startAgain();
            // Connections opened before the restart are broken; each failed use evicts one from the pool
            // (still a clean 503), so the service recovers within a few requests, without a restart.
            int status = 0;
            for (int attempt = 0; attempt < 10 && status != 200; attempt++) {
                status = http.get("/test/db").getStatusCode();
                assertThat(status).isIn(200, 503);
            }
            assertThat(status).isEqualTo(200);
        }
    }
}
