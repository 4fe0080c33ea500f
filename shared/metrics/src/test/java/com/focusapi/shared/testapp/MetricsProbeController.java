package com.focusapi.shared.testapp;

import com.focusapi.shared.metrics.BusinessMetrics;
import com.focusapi.shared.metrics.MetricNames;
import com.focusapi.shared.persistence.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import java.util.Map;

/** Routes the metrics tests drive through the real Lambda handler. */
@Controller("/test")
public class MetricsProbeController {
    private final Database database;
    private final BusinessMetrics business;
    private final MeterRegistry registry;

    public MetricsProbeController(Database database, BusinessMetrics business, MeterRegistry registry) {
        this.database = database;
        this.business = business;
        this.registry = registry;
    }

    /** A templated route: its metrics must say {@code /test/users/{id}/stats}, whatever the id. */
    @Get("/users/{id}/stats")
    public Map<String, Object> stats(@PathVariable long id) {
        return Map.of("id", id);
    }

    @Get("/fail")
    public String fail() {
        throw new IllegalStateException("boom");
    }

    @Get("/teapot")
    public HttpResponse<String> teapot() {
        return HttpResponse.status(io.micronaut.http.HttpStatus.I_AM_A_TEAPOT);
    }

    @Post("/activities")
    public Map<String, String> activity(@QueryValue String app, @QueryValue int minutes) {
        business.trackActivityCreated(app, minutes);
        return Map.of("app", app);
    }

    /** One statement of each kind, through the instrumented DataSource. */
    @Post("/db/write")
    public Map<String, Object> write() {
        return database.withConnection(c -> {
            try (var s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS probe (id int primary key, v int)");
                s.executeUpdate("INSERT INTO probe VALUES (1, 1)");
                s.executeUpdate("UPDATE probe SET v = 2 WHERE id = 1");
                try (var rs = s.executeQuery("SELECT v FROM probe WHERE id = 1")) {
                    rs.next();
                }
                s.executeUpdate("DELETE FROM probe WHERE id = 1");
            }
            return Map.of("ok", true);
        });
    }

    /** The active-connections gauge as read while this request holds a connection. */
    @Get("/db/active")
    public Map<String, Object> active() {
        double inside = database.withConnection(
                c -> registry.get(MetricNames.DB_CONNECTIONS_ACTIVE).gauge().value());
        return Map.of("inside", inside);
    }
}
