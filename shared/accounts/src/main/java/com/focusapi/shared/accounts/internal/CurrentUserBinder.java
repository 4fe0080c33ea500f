package com.focusapi.shared.accounts.internal;

import com.focusapi.shared.accounts.CurrentUser;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.UnauthorizedException;
import com.focusapi.shared.persistence.Database;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Binds a {@link CurrentUser} controller parameter: verifies the Bearer access token, then reads the
 * account's role and flags (one primary-key query) so that deactivated or deleted accounts are refused at
 * once. Every failure is the same 401, so a caller learns nothing about which check failed.
 */
@Singleton
public class CurrentUserBinder implements TypedRequestArgumentBinder<CurrentUser> {
    private static final String BEARER = "Bearer ";

    private final JwtService jwt;
    private final Database database;

    public CurrentUserBinder(JwtService jwt, Database database) {
        this.jwt = jwt;
        this.database = database;
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
        CurrentUser user = database.withConnection(c -> {
            try (PreparedStatement st =
                    c.prepareStatement("SELECT role, is_verified FROM users WHERE id = ? AND is_active")) {
                st.setLong(1, claims.userId());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new CurrentUser(claims.userId(), rs.getString(1), rs.getBoolean(2)) : null;
                }
            }
        });
        if (user == null) {
            throw new UnauthorizedException("Invalid or expired access token.");
        }
        return () -> Optional.of(user);
    }
}
