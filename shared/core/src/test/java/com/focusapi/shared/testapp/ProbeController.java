package com.focusapi.shared.testapp;

import com.focusapi.shared.http.Page;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.text.Length;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.Format;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A minimal resource of the test application, to exercise what shared/ gives every function. */
@Controller("/test")
@Validated
public class ProbeController {
    private final Database database;

    public ProbeController(Database database) {
        this.database = database;
    }

    @Introspected
    public record EchoRequest(
            @NotBlank @Length(max = 100) String appName,
            @Positive @Max(1440) int durationMinutes,
            @Nullable LocalDate activityDate,
            @Nullable Boolean active,
            @Nullable OffsetDateTime startTime,
            @Nullable List<String> tags) {}

    @Get("/empty-page")
    public Page<EchoRequest> emptyPage() {
        return Page.of(List.of(), 0, 1, 20);
    }

    @Get("/query")
    public Map<String, Object> query(
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize,
            @Nullable @QueryValue @Format("yyyy-MM-dd") LocalDate date) {
        return Map.of("page_size", pageSize, "date", String.valueOf(date));
    }

    @Get("/ping")
    public Map<String, String> ping() {
        return Map.of("pong", "yes");
    }

    @Post("/echo")
    public EchoRequest echo(@Valid @Body EchoRequest request) {
        if (request.appName().indexOf(0) >= 0) {
            throw new IllegalStateException("a NUL reached the controller");
        }
        return request;
    }

    @Get("/text")
    public Map<String, Object> text(@QueryValue String q) {
        return Map.of("q", q);
    }

    /**
     * Statements PostgreSQL refuses because of the values they carry, one per {@code case}: what the
     * generic translation of {@link Database} must turn into a 4xx. Each runs in a transaction that creates
     * its own temporary table, so nothing outlives the request.
     */
    @Post("/db/reject/{case}")
    public Map<String, Object> reject(@PathVariable("case") String which, @Body Map<String, String> body) {
        return database.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE probe (name TEXT UNIQUE, n INTEGER CHECK (n > 0), at TIMESTAMPTZ)"
                        + " ON COMMIT DROP");
                st.execute("INSERT INTO probe (name, n) VALUES ('taken', 1)");
            }
            String sql = switch (which) {
                case "unique" -> "INSERT INTO probe (name, n) VALUES (?, 1)";
                case "check" -> "INSERT INTO probe (name, n) VALUES ('x', ?::integer)";
                case "overflow" -> "SELECT ?::integer + 1";
                case "text" -> "INSERT INTO probe (name, n) VALUES (?, 1)";
                case "timestamp" -> "INSERT INTO probe (name, n, at) VALUES ('t', 1, ?::timestamptz)";
                case "offset" -> "SELECT 1 OFFSET ?::bigint";
                default -> throw new IllegalArgumentException(which);
            };
            try (PreparedStatement st = c.prepareStatement(sql)) {
                // "<NUL>" stands for U+0000, which the JSON reader itself refuses before any SQL could run.
                st.setString(1, body.get("value").replace("<NUL>", "\u0000"));
                st.execute();
            }
            return Map.of("written", true);
        });
    }

    @Get("/db")
    public Map<String, Object> db() {
        int value = database.withConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT 41 + 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        return Map.of("answer", value);
    }
}
