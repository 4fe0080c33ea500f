package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.local.SamTemplate.FunctionDefinition;
import com.focusapi.local.SamTemplate.Route;
import com.focusapi.testsupport.LambdaHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every function's shaded jar, exactly as Lambda gets it: it carries only what the function uses (no local
 * bridge, Flyway only in the migrations function, SES only in the function that sends email), and with what
 * shading left out (exclusions in the root pom) it still starts and answers. A missing Micronaut metadata or
 * service file, or a class shading dropped, fails here rather than in AWS.
 */
class FunctionJarsTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The functions that send email, so the only ones whose jar may carry the SES sender: auth (account
     * emails), and the challenges jar's two functions (POST /api/challenges/{id}/complete and the lifecycle
     * send the result emails).
     */
    private static final Set<String> SENDS_EMAIL =
            Set.of("AuthFunction", "ChallengesFunction", "ChallengeLifecycleFunction");

    private static final String FLYWAY = "org/flywaydb/core/Flyway.class";
    /** The SES sender (a signed HTTPS call); the generated SES client is in no jar at all. */
    private static final String SES = "com/focusapi/shared/email/internal/SesEmailSender.class";

    private static final String SES_CLIENT = "software/amazon/awssdk/services/sesv2/";
    private static final String BRIDGE = "com/focusapi/localbridge/";

    private static SamTemplate template;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        template = SamTemplate.load(REPO.resolve("template.yaml"));
        runtime = LocalRuntime.prepare(template, Files.createTempDirectory("focus-jars"), Map.of());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @TestFactory
    List<DynamicTest> eachJarCarriesOnlyWhatItsFunctionUses() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            tests.add(DynamicTest.dynamicTest(function.logicalId(), () -> {
                try (ZipFile jar = new ZipFile(function.jar().toFile())) {
                    assertThat(jar.stream().anyMatch(e -> e.getName().startsWith(BRIDGE)))
                            .as("%s carries the local API's bridge", function.logicalId())
                            .isFalse();
                    assertThat(jar.getEntry(FLYWAY) != null)
                            .as("%s carries Flyway", function.logicalId())
                            .isEqualTo(function.logicalId().equals("MigrateFunction"));
                    assertThat(jar.getEntry(SES) != null)
                            .as("%s carries the SES sender", function.logicalId())
                            .isEqualTo(SENDS_EMAIL.contains(function.logicalId()));
                    assertThat(jar.stream().anyMatch(e -> e.getName().startsWith(SES_CLIENT)))
                            .as("%s carries the generated SES v2 client", function.logicalId())
                            .isFalse();
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> eachJarStartsAndAnswers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (FunctionDefinition function : template.functions()) {
            tests.add(DynamicTest.dynamicTest(function.logicalId(), () -> {
                String answer = runtime.host(function.logicalId()).invoke(eventFor(function));
                JsonNode response = JSON.readTree(answer);
                if (function.routes().isEmpty()) {
                    // Scheduled and deploy-time functions answer their own report, never an error.
                    assertThat(response.isObject()).as(answer).isTrue();
                    assertThat(response.has("error")).as(answer).isFalse();
                } else {
                    // No credentials: the function's own router, filters and problem+json answer (401 or 200),
                    // never a 5xx from a class or a metadata file the shading dropped.
                    assertThat(response.path("statusCode").asInt()).as(answer).isBetween(200, 499);
                    assertThat(response.path("headers").path("Content-Type").asText())
                            .as(answer)
                            .contains("json");
                }
            }));
        }
        return tests;
    }

    private static String eventFor(FunctionDefinition function) throws IOException {
        if (function.routes().isEmpty()) {
            Path sample = REPO.resolve("events").resolve(sampleName(function.logicalId()));
            return Files.isRegularFile(sample) ? Files.readString(sample) : "{}";
        }
        // A route of the API (/api/...), a GET where there is one: the auth function's email link pages
        // (/verify-email, /reset-password) answer HTML by design.
        List<Route> api = function.routes().stream()
                .filter(r -> r.path().startsWith("/api/"))
                .toList();
        Route route = api.stream()
                .filter(r -> r.method().equals("GET"))
                .findFirst()
                .orElse(api.isEmpty() ? function.routes().get(0) : api.get(0));
        String path = route.path().replaceAll("\\{[^}]+}", "1");
        return JSON.writeValueAsString(LambdaHttp.event(route.method(), path, null, Map.of()));
    }

    /** {@code BusinessGaugesFunction} → {@code business-gauges.json}, the repository's sample event. */
    private static String sampleName(String logicalId) {
        String name = logicalId
                .replaceFirst("Function$", "")
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase();
        return name + ".json";
    }
}
