package com.focusapi.shared.accounts.internal;

import com.focusapi.shared.accounts.AuthState;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.UnauthorizedException;
import com.focusapi.shared.cache.CacheService;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds a {@link CurrentUser} controller parameter: verifies the Bearer access token, then reads the
 * account's {@link AuthState} (from Redis, the database on a miss or when Redis is down) so that a
 * deactivated or deleted account, or a token issued before the account's sessions were ended, is refused at
 * once. Every failure is the same 401, so a caller learns nothing about which check failed.
 */
@Singleton
public class CurrentUserBinder implements TypedRequestArgumentBinder<CurrentUser> {
    private static final String BEARER = "Bearer ";

    private final JwtService jwt;
    private final AuthStateCache authStates;
    private final CacheService cache;

    public CurrentUserBinder(JwtService jwt, AuthStateCache authStates, CacheService cache) {
        this.jwt = jwt;
        this.authStates = authStates;
        this.cache = cache;
    }

    @Override
    public Argument<CurrentUser> argumentType() {
        return Argument.of(CurrentUser.class);
    }

    @Override
    public BindingResult<CurrentUser> bind(ArgumentConversionContext<CurrentUser> context, HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("Missing Bearer access token.");
        }
        JwtService.Claims claims = jwt.verify(header.substring(BEARER.length()).trim());
        // The state and whatever the route declares it reads from the cache (@CacheReads), in one round trip.
        cache.prefetchForRoute(request, claims.userId(), AuthStateCache.key(claims.userId()));
        AuthState state = authStates
                .get(claims.userId())
                .filter(s -> s.accepts(claims.tokenVersion()))
                .orElseThrow(() -> new UnauthorizedException("Invalid or expired access token."));
        CurrentUser user = new CurrentUser(claims.userId(), state.role(), state.verified());
        return () -> Optional.of(user);
    }
}
