package com.focusapi.shared.testapp;

import com.focusapi.shared.persistence.Database;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.sql.ResultSet;
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
    public record EchoRequest(@NotBlank @Size(max = 100) String appName, @Positive @Max(1440) int durationMinutes) {
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
