package com.focusapi.blockedapps;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/** {@code /api/blocked-apps}: thin; every rule is in {@link BlockedAppService}. */
@Tag(name = "blocked-apps")
@SecurityRequirement(name = "bearerAuth")
@Controller("/api/blocked-apps")
@Validated
public class BlockedAppController {
    private final BlockedAppService blockedApps;

    public BlockedAppController(BlockedAppService blockedApps) {
        this.blockedApps = blockedApps;
    }

    @Post
    @Status(HttpStatus.CREATED)
    public BlockedAppResponse create(CurrentUser user, @Valid @Body BlockedAppRequest request) {
        return blockedApps.create(user, request);
    }

    // SnapStart priming: without a token, a 401 before any user data is read.
    @PrimedBeforeSnapshot
    @Get
    public Page<BlockedAppResponse> list(
            CurrentUser user,
            @QueryValue(defaultValue = "1") int page,
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize) {
        return blockedApps.list(user, page, pageSize);
    }

    @Get("/status/{app}")
    public BlockedAppResponse status(CurrentUser user, @PathVariable String app) {
        return blockedApps.status(user, app);
    }

    @Get("/{id}")
    public BlockedAppResponse get(CurrentUser user, @PathVariable long id) {
        return blockedApps.get(user, id);
    }

    @Put("/{id}")
    public BlockedAppResponse update(CurrentUser user, @PathVariable long id, @Valid @Body BlockedAppRequest request) {
        return blockedApps.update(user, id, request);
    }

    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    public void delete(CurrentUser user, @PathVariable long id) {
        blockedApps.delete(user, id);
    }
}
