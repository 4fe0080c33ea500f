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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.sql.ResultSet;
import java.time.LocalDate;
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
            @Nullable Boolean active) {}

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
        return request;
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
