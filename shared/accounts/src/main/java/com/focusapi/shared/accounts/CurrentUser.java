package com.focusapi.shared.accounts;

import com.focusapi.shared.http.ProblemException;
import java.security.Principal;

/**
 * The authenticated caller of a request. A controller method declares a parameter of this type and gets
 * it bound from the {@code Authorization: Bearer} access token (401 otherwise); the role and flags are the
 * account's current {@link AuthState} (cached, dropped by every write that changes it), not the token's, so a
 * role change, a verification, a deactivation, a deletion or a password change applies at once, not when the
 * token expires.
 * A {@link Principal} so that the OpenAPI document (micronaut-openapi) leaves it out of the parameters: it
 * is the bearer token, {@code @SecurityRequirement(name = "bearerAuth")} on the controllers.
 */
public record CurrentUser(long id, String role, boolean verified) implements Principal {

    @Override
    public String getName() {
        return Long.toString(id);
    }

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    /** Activities, blocked apps and challenges need a verified email address (spec, Accounts). */
    public CurrentUser requireVerified() {
        if (!verified) {
            throw ProblemException.forbidden("Verify your email address first.");
        }
        return this;
    }

    /** Only the user themself or an admin. */
    public void requireSelfOrAdmin(long userId) {
        if (id != userId && !isAdmin()) {
            throw ProblemException.forbidden("Not allowed to read another user's private data.");
        }
    }
}
