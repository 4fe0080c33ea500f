package com.focusapi.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.focusapi.shared.testapp.TestFunctions;
import com.focusapi.testsupport.AwsEmulator;
import com.focusapi.testsupport.LambdaHttp;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/** CloudWatch publishing against the AWS emulator's CloudWatch API (moto or LocalStack): GetMetricData returns what was generated. */
class CloudWatchPublishingTest {
    private static AwsEmulator aws;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void start() {
        aws = AwsEmulator.start();
        // What the SDK's default chain reads in Lambda from AWS_ACCESS_KEY_ID etc.: fake, for the emulator.
        System.setProperty("aws.accessKeyId", aws.accessKey());
        System.setProperty("aws.secretAccessKey", aws.secretKey());
        // moto cannot read gzip'd PutMetricData bodies (see MotoCloudWatchProtocol); AWS can.
        System.setProperty("aws.disableRequestCompression", "true");
        cloudWatch = CloudWatchClient.builder()
                .endpointOverride(URI.create(aws.endpoint()))
                .region(Region.of(aws.region()))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKey(), aws.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        cloudWatch.close();
        aws.close();
    }

    private static APIGatewayV2HTTPEventFunction environment(String namespace, int stepSeconds) {
        return environment(namespace, stepSeconds, "cw");
    }

    private static APIGatewayV2HTTPEventFunction environment(String namespace, int stepSeconds, String function) {
        Map<String, Object> props = new HashMap<>();
        props.put("cache.enabled", false);
        props.put("function.name", function);
        props.put("cloudwatch.enabled", true);
        props.put("cloudwatch.namespace", namespace);
        props.put("cloudwatch.step-seconds", stepSeconds);
        props.put("cloudwatch.region", aws.region());
        props.put("cloudwatch.endpoint", aws.endpoint());
        return TestFunctions.handler(props);
    }

    private static double sum(String namespace, Instant from, Instant to, int period) {
        return sum(namespace, "cw", from, to, period);
    }

    private static double sum(String namespace, String function, Instant from, Instant to, int period) {
        Metric metric = Metric.builder()
                .namespace(namespace)
                .metricName(MetricNames.HTTP_REQUESTS + ".count") // Micrometer's CloudWatch suffix for counters
                .dimensions(
                        dim("function", function),
                        dim("method", "GET"),
                        dim("endpoint", "/test/users/{id}/stats"),
                        dim("status", "200"))
                .build();
        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r.startTime(from)
                .endTime(to)
                .metricDataQueries(MetricDataQuery.builder()
                        .id("requests")
                        .metricStat(MetricStat.builder()
                                .metric(metric)
                                .period(period)
                                .stat("Sum")
                                .build())
                        .build()));
        return response.metricDataResults().get(0).values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    /**
     * Failed CloudWatch publishes, read from the Prometheus registry: the composite's count() is its first
     * child's, and with CloudWatch that may be the CloudWatch step counter, which shows the previous step.
     */
    private static double cloudWatchFailures(APIGatewayV2HTTPEventFunction env) {
        return env.getApplicationContext()
                .getBean(io.micrometer.prometheusmetrics.PrometheusMeterRegistry.class)
                .get(MetricNames.PUSH_FAILURES)
                .tag(MetricNames.TAG_TARGET, "cloudwatch")
                .counter()
                .count();
    }

    private static Dimension dim(String name, String value) {
        return Dimension.builder().name(name).value(value).build();
    }

    @Test
    void getMetricDataReturnsTheRequestsThatWereServed() {
        try (APIGatewayV2HTTPEventFunction env = environment("FocusApiTest", 60)) {
            LambdaHttp http = new LambdaHttp(env);
            for (int i = 0; i < 9; i++) {
                assertThat(http.get("/test/users/" + i + "/stats").getStatusCode())
                        .isEqualTo(200);
            }
            assertThat(env.getApplicationContext()
                            .getBean(MetricsPublishing.class)
                            .flush(Duration.ofSeconds(20)))
                    .isTrue();
        }
        Instant now = Instant.now();
        assertThat(sum("FocusApiTest", now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(5)), 60))
                .isEqualTo(9);
    }

    @Test
    void anUnreachableCloudWatchNeverFailsARequestAndIsCounted() {
        Map<String, Object> props = new HashMap<>();
        props.put("cache.enabled", false);
        props.put("function.name", "cw-down");
        props.put("cloudwatch.enabled", true);
        props.put("cloudwatch.step-seconds", 1);
        props.put("cloudwatch.region", aws.region());
        props.put("cloudwatch.endpoint", "http://127.0.0.1:" + com.focusapi.testsupport.FreePorts.find());
        props.put("cloudwatch.timeout-ms", 300);
        try (APIGatewayV2HTTPEventFunction env = TestFunctions.handler(props)) {
            LambdaHttp http = new LambdaHttp(env);
            for (int i = 0; i < 3; i++) {
                assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            }
            env.getApplicationContext().getBean(MetricsPublishing.class).flush(Duration.ofSeconds(20));
            assertThat(http.get("/test/ping").getStatusCode()).isEqualTo(200);
            assertThat(cloudWatchFailures(env)).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * CloudWatch failing (its endpoint reset, then refusing, through a proxy), then back: requests are
     * answered throughout, the failures counted, and once it is back CloudWatch gets every request, those of
     * the outage included: a PutMetricData that failed is kept and sent again with the next flush.
     */
    @Test
    void aFailingCloudWatchNeverFailsARequestAndReceivesMetricsOnceBack() {
        int emulatorPort = URI.create(aws.endpoint()).getPort();
        try (com.focusapi.testsupport.FaultyTcpProxy proxy = com.focusapi.testsupport.FaultyTcpProxy.to(emulatorPort)) {
            Map<String, Object> props = new HashMap<>();
            props.put("cache.enabled", false);
            props.put("function.name", "cw-back");
            props.put("cloudwatch.enabled", true);
            props.put("cloudwatch.namespace", "FocusApiBack");
            props.put("cloudwatch.step-seconds", 60);
            props.put("cloudwatch.region", aws.region());
            props.put("cloudwatch.endpoint", "http://127.0.0.1:" + proxy.port());
            props.put("cloudwatch.timeout-ms", 2000);
            try (APIGatewayV2HTTPEventFunction env = TestFunctions.handler(props)) {
                LambdaHttp http = new LambdaHttp(env);
                MetricsPublishing publishing = env.getApplicationContext().getBean(MetricsPublishing.class);
                proxy.resetAll();
                proxy.refuse();
                for (int i = 0; i < 3; i++) {
                    assertThat(http.get("/test/users/" + i + "/stats").getStatusCode())
                            .isEqualTo(200);
                }
                assertThat(publishing.flush(Duration.ofSeconds(20))).isTrue();
                assertThat(cloudWatchFailures(env)).isGreaterThanOrEqualTo(1);

                proxy.passThrough();
                for (int i = 0; i < 4; i++) {
                    assertThat(http.get("/test/users/" + i + "/stats").getStatusCode())
                            .isEqualTo(200);
                }
                assertThat(publishing.flush(Duration.ofSeconds(20))).isTrue();
            }
        }
        Instant now = Instant.now();
        assertThat(sum(
                        "FocusApiBack",
                        "cw-back",
                        now.minus(Duration.ofMinutes(10)),
                        now.plus(Duration.ofMinutes(5)),
                        60))
                .isEqualTo(7);
    }

    @Test
    void aStepClosedLateIsStampedInsideItsOwnStep() throws Exception {
        int step = 2;
        try (APIGatewayV2HTTPEventFunction env = environment("FocusApiSteps", step, "cw-steps")) {
            LambdaHttp http = new LambdaHttp(env);
            long stepMillis = step * 1000L;
            // Start at the beginning of a step so the three requests surely fall in the same one.
            long firstStep = System.currentTimeMillis() / stepMillis + 1;
            while (System.currentTimeMillis() / stepMillis < firstStep) {
                Thread.sleep(20);
            }
            for (int i = 0; i < 3; i++) {
                http.get("/test/users/" + i + "/stats");
            }
            // The environment "sleeps" through a whole step, as a frozen Lambda would.
            // (Its own function name: moto 5.2 does not separate namespaces in GetMetricData.)
            while (System.currentTimeMillis() / stepMillis < firstStep + 2) {
                Thread.sleep(50);
            }
            long laterStep = System.currentTimeMillis() / stepMillis;
            http.get("/test/users/7/stats");
            http.get("/test/users/8/stats");
            assertThat(env.getApplicationContext()
                            .getBean(MetricsPublishing.class)
                            .flush(Duration.ofSeconds(20)))
                    .isTrue();

            Instant first = Instant.ofEpochMilli(firstStep * stepMillis);
            Instant later = Instant.ofEpochMilli(laterStep * stepMillis);
            assertThat(sum("FocusApiSteps", "cw-steps", first, first.plusMillis(stepMillis), 1))
                    .isEqualTo(3);
            assertThat(sum("FocusApiSteps", "cw-steps", first.plusMillis(stepMillis), later, 1))
                    .isEqualTo(0);
            assertThat(sum("FocusApiSteps", "cw-steps", later, later.plusMillis(stepMillis), 1))
                    .isEqualTo(2);
        }
    }

    /** The guide's style (CACHE_ENABLED=True): Micronaut's boolean conversion, not an exact "true". */
    @Test
    void enabledWrittenTrueWithACapitalCreatesThePublisher() {
        for (String value : new String[] {"True", "TRUE", "true"}) {
            Map<String, Object> props = new HashMap<>();
            props.put("cache.enabled", false);
            props.put("function.name", "cw-flag");
            props.put("cloudwatch.enabled", value);
            props.put("cloudwatch.region", aws.region());
            props.put("cloudwatch.endpoint", aws.endpoint());
            try (APIGatewayV2HTTPEventFunction env = TestFunctions.handler(props)) {
                assertThat(env.getApplicationContext()
                                .containsBean(com.focusapi.shared.metrics.internal.CloudWatchPublisher.class))
                        .as("CLOUDWATCH_ENABLED=%s", value)
                        .isTrue();
                assertThat(env.getApplicationContext()
                                .getBean(MetricsPublishing.class)
                                .isActive())
                        .as("CLOUDWATCH_ENABLED=%s", value)
                        .isTrue();
            }
        }
        Map<String, Object> off = new HashMap<>(
                Map.of("cache.enabled", false, "function.name", "cw-flag", "cloudwatch.enabled", "False"));
        try (APIGatewayV2HTTPEventFunction env = TestFunctions.handler(off)) {
            assertThat(env.getApplicationContext()
                            .containsBean(com.focusapi.shared.metrics.internal.CloudWatchPublisher.class))
                    .isFalse();
        }
    }

    /**
     * app_name is bounded per environment (METRICS_APP_NAME_LIMIT) but not across environments, and each
     * distinct dimension set is a custom metric CloudWatch bills: the CloudWatch registry drops it, so the
     * activity counter arrives as one metric summed over every app.
     */
    @Test
    void appNameNeverBecomesACloudWatchDimension() {
        String namespace = "FocusApiNoAppName";
        try (APIGatewayV2HTTPEventFunction env = environment(namespace, 60, "cw-apps")) {
            BusinessMetrics business = env.getApplicationContext().getBean(BusinessMetrics.class);
            for (String app : new String[] {"YouTube", "Instagram", "TikTok"}) {
                business.trackActivityCreated(app, 5);
                business.trackAppBlocked(app);
            }
            assertThat(env.getApplicationContext()
                            .getBean(MetricsPublishing.class)
                            .flush(Duration.ofSeconds(20)))
                    .isTrue();
        }
        java.util.List<Metric> metrics =
                cloudWatch.listMetrics(r -> r.namespace(namespace)).metrics();
        assertThat(metrics)
                .extracting(Metric::metricName)
                .anyMatch(name -> name.startsWith(MetricNames.ACTIVITIES_CREATED));
        assertThat(metrics)
                .allSatisfy(m -> assertThat(m.dimensions())
                        .extracting(Dimension::name)
                        .doesNotContain(MetricNames.TAG_APP_NAME));
        Metric activities = metrics.stream()
                .filter(m -> m.metricName().startsWith(MetricNames.ACTIVITIES_CREATED)
                        && m.dimensions().stream().anyMatch(d -> d.value().equals("cw-apps")))
                .findFirst()
                .orElseThrow();
        Instant now = Instant.now();
        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r.startTime(now.minus(Duration.ofMinutes(10)))
                .endTime(now.plus(Duration.ofMinutes(5)))
                .metricDataQueries(MetricDataQuery.builder()
                        .id("activities")
                        .metricStat(MetricStat.builder()
                                .metric(activities)
                                .period(60)
                                .stat("Sum")
                                .build())
                        .build()));
        assertThat(response.metricDataResults().get(0).values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isEqualTo(3);
    }
}
