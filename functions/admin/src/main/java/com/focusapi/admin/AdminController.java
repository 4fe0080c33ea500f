package com.focusapi.admin;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.OwnProfile;
import com.focusapi.shared.http.Page;
import com.focusapi.shared.lambda.PrimedBeforeSnapshot;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/admin}: thin; every rule is in {@link AdminService}. */
@Tag(name = "admin")
@SecurityRequirement(name = "bearerAuth")
@Controller("/api/admin")
public class AdminController {
    private final AdminService admin;

    public AdminController(AdminService admin) {
        this.admin = admin;
    }

    @Get("/users")
    public Page<OwnProfile> users(
            CurrentUser user,
            @Nullable @QueryValue("is_active") String active,
            @Nullable @QueryValue("is_verified") String verified,
            @Nullable @QueryValue String role,
            @Nullable @QueryValue String q,
            @QueryValue(defaultValue = "1") int page,
            @QueryValue(value = "page_size", defaultValue = "20") int pageSize) {
        return admin.users(user, active, verified, role, q, page, pageSize);
    }

    @Patch("/users/{id}/deactivate")
    public OwnProfile deactivate(CurrentUser user, @PathVariable long id) {
        return admin.deactivate(user, id);
    }

    @Patch("/users/{id}/activate")
    public OwnProfile activate(CurrentUser user, @PathVariable long id) {
        return admin.activate(user, id);
    }

    // SnapStart priming: without a token, a 401 before any data is read.
    @PrimedBeforeSnapshot
    @Get("/stats/overview")
    public Overview overview(CurrentUser user) {
        return admin.overview(user);
    }
}
