package com.focusapi.users;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.OwnProfile;
import com.focusapi.shared.accounts.PublicProfile;
import com.focusapi.shared.cache.CacheReads;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import com.focusapi.shared.stats.UserStats;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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

/** {@code /api/users}: every route needs a valid access token (the {@link CurrentUser} parameter). */
// @Validated on the routes with a body only: on the class, its interceptor ran on every call, cached GETs
// included (7 % of one, issue 11).
@Tag(name = "users")
@Controller("/api/users")
@SecurityRequirement(name = "bearerAuth")
public class UserController {
    private final UserService users;

    public UserController(UserService users) {
        this.users = users;
    }

    @Get("/me")
    @CacheReads("user:{caller}:profile")
    public HttpResponse<OwnProfile> me(CurrentUser user) {
        return users.me(user);
    }

    @Validated
    @Put("/me")
    public OwnProfile update(CurrentUser user, @Valid @Body UserRequests.UpdateProfile request) {
        return users.update(user, request);
    }

    @Validated
    @Delete("/me")
    @Status(HttpStatus.NO_CONTENT)
    public void delete(CurrentUser user, @Valid @Body UserRequests.DeleteAccount request) {
        users.delete(user, request);
    }

    @Validated
    @Post("/me/change-password")
    @Status(HttpStatus.NO_CONTENT)
    public void changePassword(CurrentUser user, @Valid @Body UserRequests.ChangePassword request) {
        users.changePassword(user, request);
    }

    // SnapStart priming: without a token, a 401 before any user data is read.
    @PrimedBeforeSnapshot
    @Get("/me/stats")
    @CacheReads("user:{caller}:stats")
    public HttpResponse<UserStats> myStats(CurrentUser user) {
        return users.stats(user, user.id());
    }

    @Get("/search")
    public Page<PublicProfile> search(
            CurrentUser user,
            @Nullable @QueryValue String username,
            @QueryValue(defaultValue = "1") int page,
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize) {
        return users.search(user, username, page, pageSize);
    }

    @Get("/{id}")
    public PublicProfile publicProfile(CurrentUser user, @PathVariable long id) {
        return users.publicProfile(id);
    }

    @Get("/{id}/stats")
    @CacheReads("user:{id}:stats")
    public HttpResponse<UserStats> stats(CurrentUser user, @PathVariable long id) {
        return users.stats(user, id);
    }
}
