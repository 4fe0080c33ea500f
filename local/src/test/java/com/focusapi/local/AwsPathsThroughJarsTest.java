package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.local.JourneyHosts.Reply;
import com.focusapi.testsupport.AwsEmulator;
import com.focusapi.testsupport.FreePorts;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS SDK paths the HTTP suites do not take, run from a function's shaded jar (its own class loader, only
 * what shading kept): the database credentials read from Secrets Manager (the AWS emulator: moto here, LocalStack with Docker) when DATABASE_SECRET_ARN is
 * set, as in AWS, and CloudWatch publishing (client built from the jar, endpoint rules, SigV4, the RPCv2 CBOR
 * PutMetricData request). The SES path runs from the auth jar in {@link AccountsJourneyTest}.
 */
class AwsPathsThroughJarsTest {
    private static final String ROLE = "focus_secret_user";

    @TempDir
    static Path dataDirectory;

    private static PostgresServer postgres;
    private static RedisServer redis;
    private static AwsEmulator aws;
    private static HttpServer cloudWatch;
    private static final List<String> cloudWatchRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        aws = AwsEmulator.start();
        // A stand-in CloudWatch that records what reaches it (moto cannot read the RPCv2 CBOR protocol).
        cloudWatch = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.find()), 0);
        cloudWatch.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            cloudWatchRequests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + exchange.getRequestHeaders().getFirst("Authorization") + " " + body.length);
            exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        cloudWatch.start();
    }

    @AfterAll
    static void stop() {
        if (cloudWatch != null) {
            cloudWatch.stop(0);
        }
        for (AutoCloseable server : new AutoCloseable[] {aws, redis, postgres}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void healthConnectsWithTheSecretsCredentialsAndPublishesToCloudWatch() throws Exception {
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
            admin.createStatement().execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'from-the-secret'");
        }
        String arn;
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(aws.endpoint()))
                .build()) {
            arn = client.createSecret(r -> r.name("focus/jar-db-" + System.nanoTime())
                            .secretString("{\"engine\":\"postgres\",\"username\":\"" + ROLE
                                    + "\",\"password\":\"from-the-secret\"}"))
                    .arn();
        }
        String endpoint = "http://127.0.0.1:" + cloudWatch.getAddress().getPort();
        SamTemplate template =
                SamTemplate.load(Path.of("..").toAbsolutePath().normalize().resolve("template.yaml"));
        try (FunctionHost health = JourneyHosts.host(
                template,
                "HealthFunction",
                postgres,
                redis,
                dataDirectory.resolve("jwt-secret"),
                Map.of(
                        "database.secret-arn",
                        arn,
                        "database.secrets-endpoint",
                        aws.endpoint(),
                        "metrics.enabled",
                        true,
                        "cloudwatch.enabled",
                        true,
                        "cloudwatch.namespace",
                        "FocusJarTest",
                        "cloudwatch.step-seconds",
                        1,
                        "cloudwatch.region",
                        aws.region(),
                        "cloudwatch.endpoint",
                        endpoint))) {
            for (int i = 0; i < 3; i++) {
                Reply reply = JourneyHosts.call(health, "GET", "/api/health", null, null);
                assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                assertThat(reply.text("database")).isEqualTo("connected");
            }
            // The pool holds its connections: they are the secret's user's.
            try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                    ResultSet rs = admin.createStatement()
                            .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("connections as the secret's user").isPositive();
            }
            Thread.sleep(1500); // one CloudWatch step (1 s) has closed
        } // closing the function flushes its metrics synchronously
        assertThat(cloudWatchRequests)
                .as("requests that reached the CloudWatch stand-in")
                .anySatisfy(request -> assertThat(request)
                        .startsWith(
                                "POST /service/GraniteServiceVersion20100801/operation/PutMetricData AWS4-HMAC-SHA256")
                        .doesNotEndWith(" 0"));
    }
}
