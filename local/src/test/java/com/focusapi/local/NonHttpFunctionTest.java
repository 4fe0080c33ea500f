package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Functions without routes (scheduled, custom resources) run through `invoke` on their own event type. */
class NonHttpFunctionTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theMigrationFunctionRunsOnItsEvent(@TempDir Path dataDirectory) throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        assertThat(template.function("MigrateFunction").routes()).isEmpty();
        try (LocalRuntime runtime = LocalRuntime.prepare(template, dataDirectory, Map.of("CACHE_ENABLED", "false"))) {
            String answer =
                    runtime.host("MigrateFunction").invoke(Files.readString(REPO.resolve("events/migrate.json")));
            JsonNode result = new ObjectMapper().readTree(answer);
            assertThat(result.get("schema_version").asText()).isNotBlank();
            // The local API migrated at start-up already: nothing left to apply.
            assertThat(result.get("migrations_applied").asInt()).isZero();
        }
    }

    @Test
    void theBusinessGaugesFunctionRunsOnItsScheduledEvent(@TempDir Path dataDirectory) throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        assertThat(template.function("BusinessGaugesFunction").routes()).isEmpty();
        try (LocalRuntime runtime = LocalRuntime.prepare(template, dataDirectory, Map.of("CACHE_ENABLED", "false"))) {
            String answer = runtime.host("BusinessGaugesFunction")
                    .invoke(Files.readString(REPO.resolve("events/business-gauges.json")));
            JsonNode result = new ObjectMapper().readTree(answer);
            assertThat(result.path("users").path("active").asLong(-1)).isZero();
            assertThat(result.path("users").path("inactive").asLong(-1)).isZero();
            assertThat(result.path("users").path("unverified").asLong(-1)).isZero();
            assertThat(result.path("challenges").path("active").asLong(-1)).isZero();
            assertThat(result.path("challengeParticipants").asLong(-1)).isZero();
            assertThat(runtime.host("BusinessGaugesFunction").scrapePrometheus())
                    .contains("focus_api_users_total{function=\"business-gauges\",status=\"active\"} 0.0")
                    .contains("focus_api_challenges_total{function=\"business-gauges\",status=\"pending\"} 0.0");
        }
    }

    @Test
    void theStorageJanitorFunctionRunsOnItsScheduledEvent(@TempDir Path dataDirectory) throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        assertThat(template.function("StorageJanitorFunction").routes()).isEmpty();
        try (LocalRuntime runtime = LocalRuntime.prepare(template, dataDirectory, Map.of("CACHE_ENABLED", "false"))) {
            String answer = runtime.host("StorageJanitorFunction")
                    .invoke(Files.readString(REPO.resolve("events/storage-janitor.json")));
            JsonNode deleted = new ObjectMapper().readTree(answer).path("deleted");
            // A fresh database: every table is visited (account_email_requests since V7), none has anything to delete.
            assertThat(deleted.size()).as(answer).isEqualTo(5);
            deleted.elements()
                    .forEachRemaining(n -> assertThat(n.asLong(-1)).as(answer).isZero());
        }
    }

    @Test
    void theChallengeLifecycleFunctionRunsOnItsScheduledEvent(@TempDir Path dataDirectory) throws Exception {
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        assertThat(template.function("ChallengeLifecycleFunction").routes()).isEmpty();
        try (LocalRuntime runtime = LocalRuntime.prepare(template, dataDirectory, Map.of("CACHE_ENABLED", "false"))) {
            String answer = runtime.host("ChallengeLifecycleFunction")
                    .invoke(Files.readString(REPO.resolve("events/challenge-lifecycle.json")));
            JsonNode result = new ObjectMapper().readTree(answer);
            // The handler's answer is the Report record, in its Java field names.
            assertThat(result.path("activated").isArray()).as(answer).isTrue();
            assertThat(result.path("completed")).isEmpty();
            assertThat(result.path("emailsSent").asInt(-1)).isZero();
        }
    }
}
