package com.focusapi.activities;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.cache.CacheReads;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import com.focusapi.shared.stats.AppRangeStats;
import com.focusapi.shared.stats.DailyStats;
import com.focusapi.shared.stats.WeeklyStats;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.LocalDate;

/** {@code /api/activities}: thin; every rule is in {@link ActivityService}. */
// @Validated on the routes with a body only: on the class, its interceptor ran on every call, cached GETs
// included (7 % of one, issue 11).
@Tag(name = "activities")
@SecurityRequirement(name = "bearerAuth")
@Controller("/api/activities")
public class ActivityController {
    private final ActivityService activities;

    public ActivityController(ActivityService activities) {
        this.activities = activities;
    }

    @Post
    @ApiResponse(
            responseCode = "201",
            description = "Created (or replayed for a known Idempotency-Key: header Idempotent-Replayed)",
            content = @Content(schema = @Schema(implementation = ActivityResponse.class)))
    @Validated
    public HttpResponse<ActivityResponse> create(
            CurrentUser user,
            @Valid @Body ActivityRequest request,
            @Nullable @Header("Idempotency-Key") String idempotencyKey) {
        ActivityService.Created created = activities.create(user, request, idempotencyKey);
        MutableHttpResponse<ActivityResponse> response = HttpResponse.status(HttpStatus.CREATED);
        if (created.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(created.activity());
    }

    @Get
    public Page<ActivityResponse> list(
            CurrentUser user,
            @Nullable @QueryValue String app,
            @Nullable @QueryValue("start_date") LocalDate startDate,
            @Nullable @QueryValue("end_date") LocalDate endDate,
            @QueryValue(defaultValue = "1") int page,
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize) {
        return activities.list(user, app, startDate, endDate, page, pageSize);
    }

    // SnapStart priming: without a token, a 401 before any user data is read.
    @PrimedBeforeSnapshot
    @Get("/stats/daily")
    @CacheReads("user:{caller}:stats:daily:{date|today}") // without ?date=, today (UTC), as ActivityService
    public HttpResponse<DailyStats> daily(CurrentUser user, @Nullable @QueryValue LocalDate date) {
        return activities.daily(user, date);
    }

    @Get("/stats/weekly")
    public WeeklyStats weekly(CurrentUser user, @Nullable @QueryValue("end_date") LocalDate endDate) {
        return activities.weekly(user, endDate);
    }

    @Get("/stats/apps/{app}")
    public AppRangeStats app(
            CurrentUser user,
            @PathVariable String app,
            @Nullable @QueryValue("start_date") LocalDate startDate,
            @Nullable @QueryValue("end_date") LocalDate endDate) {
        return activities.app(user, app, startDate, endDate);
    }

    @Get("/{id}")
    public ActivityResponse get(CurrentUser user, @PathVariable long id) {
        return activities.get(user, id);
    }

    @Validated
    @Put("/{id}")
    public ActivityResponse update(CurrentUser user, @PathVariable long id, @Valid @Body ActivityRequest request) {
        return activities.update(user, id, request);
    }

    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void delete(CurrentUser user, @PathVariable long id) {
        activities.delete(user, id);
    }
}
