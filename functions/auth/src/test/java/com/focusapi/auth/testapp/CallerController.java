package com.focusapi.auth.testapp;

import com.focusapi.shared.accounts.CurrentUser;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * A route that needs an access token, in the auth function's test application only: the auth function has
 * none of its own, and its suites check what its writes do to the tokens it issued (the binder is the one
 * every function uses).
 */
@Controller("/test")
public class CallerController {
    @Get("/caller")
    public CurrentUser caller(CurrentUser user) {
        return user;
    }
}
