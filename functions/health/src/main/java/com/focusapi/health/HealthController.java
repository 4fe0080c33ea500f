package com.focusapi.health;

import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/health}: 200 when the database answers (cache degraded or not), 503 when it does not. */
@Tag(name = "health")
@Controller("/api/health")
public class HealthController {
    private final HealthService health;

    public HealthController(HealthService health) {
        this.health = health;
    }

    // SnapStart priming: a health read (SELECT 1, Redis INFO/DBSIZE), no user data.
    @PrimedBeforeSnapshot
    @Get
    @ApiResponse(
            responseCode = "200",
            description = "Healthy or degraded (the cache down)",
            content = @Content(schema = @Schema(implementation = HealthReport.class)))
    @ApiResponse(
            responseCode = "503",
            description = "Unhealthy: the database does not answer",
            content = @Content(schema = @Schema(implementation = HealthReport.class)))
    public HttpResponse<HealthReport> health() {
        HealthReport report = health.check();
        return HttpResponse.status(report.isUnhealthy() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                .header("Cache-Control", "no-store")
                .body(report);
    }
}
