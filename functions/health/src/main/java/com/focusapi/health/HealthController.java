package com.focusapi.health;

import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /api/health}: 200 when the database answers (cache degraded or not), 503 when it does not. */
@Controller("/api/health")
public class HealthController {
    private final HealthService health;

    public HealthController(HealthService health) {
        this.health = health;
    }

    // SnapStart priming: a health read (SELECT 1, Redis INFO/DBSIZE), no user data.
    @PrimedBeforeSnapshot
    @Get
    public HttpResponse<HealthReport> health() {
        HealthReport report = health.check();
        return HttpResponse.status(report.isUnhealthy() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                .header("Cache-Control", "no-store")
                .body(report);
    }
}
