package com.focusapi.shared.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key templates of {@code @CacheReads}, resolved from the caller, the path variables and the query. */
class RouteKeysTest {
    @Test
    void placeholdersTakeTheCallerThePathAndTheQuery() {
        MutableHttpRequest<?> request = HttpRequest.GET("/api/activities/stats/daily");
        request.getParameters().add("date", "2026-02-10");
        assertThat(RouteKeys.resolve("user:{caller}:stats:daily:{date}", request, Map.of(), 7))
                .isEqualTo("user:7:stats:daily:2026-02-10");
        assertThat(RouteKeys.resolve("challenge:{id}:leaderboard", request, Map.of("id", 42L), 7))
                .isEqualTo("challenge:42:leaderboard");
        assertThat(RouteKeys.resolve("user:{caller}:profile", request, Map.of(), 7))
                .isEqualTo("user:7:profile");
    }

    @Test
    void aMissingOrUnusualValueIsNotReadAhead() {
        HttpRequest<?> noDate = HttpRequest.GET("/api/activities/stats/daily");
        assertThat(RouteKeys.resolve("user:{caller}:stats:daily:{date}", noDate, Map.of(), 7))
                .isNull();
        MutableHttpRequest<?> odd = HttpRequest.GET("/x");
        odd.getParameters().add("date", "2026-02-10:*");
        assertThat(RouteKeys.resolve("user:{caller}:stats:daily:{date}", odd, Map.of(), 7))
                .isNull();
        assertThat(RouteKeys.resolve("challenge:{id}", noDate, Map.of("id", "1:2"), 7))
                .isNull();
    }

    @Test
    void aDateThatDefaultsToTodayIsReadAheadWithTodaysUtcDate() {
        String template = "user:{caller}:stats:daily:{date|today}";
        String before = LocalDate.now(ZoneOffset.UTC).toString();
        String key = RouteKeys.resolve(template, HttpRequest.GET("/api/activities/stats/daily"), Map.of(), 7);
        String after = LocalDate.now(ZoneOffset.UTC).toString();
        // Either side of midnight UTC, never anything else.
        assertThat(key).isIn("user:7:stats:daily:" + before, "user:7:stats:daily:" + after);

        MutableHttpRequest<?> dated = HttpRequest.GET("/api/activities/stats/daily");
        dated.getParameters().add("date", "2026-02-10");
        assertThat(RouteKeys.resolve(template, dated, Map.of(), 7)).isEqualTo("user:7:stats:daily:2026-02-10");
        MutableHttpRequest<?> odd = HttpRequest.GET("/x");
        odd.getParameters().add("date", "2026-02-10:*");
        assertThat(RouteKeys.resolve(template, odd, Map.of(), 7))
                .as("an unusual value is not replaced by today: the route answers it (a 400)")
                .isNull();
    }
}
