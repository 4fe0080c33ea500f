package com.focusapi.shared.accounts;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Ends every session of an account at once (password changed or reset, account deactivated): its token
 * version moves, so every access token issued before is refused, and every refresh token is revoked. Runs in
 * the caller's transaction; after the commit the caller drops the cached state ({@link AuthStateCache#evict}
 * or {@link ProfileCache#evictAll}), otherwise the next requests could still read the old version.
 */
@Singleton
public class Sessions {
    private final AccountRepository accounts;
    private final RefreshTokens refreshTokens;

    public Sessions(AccountRepository accounts, RefreshTokens refreshTokens) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
    }

    public void endAll(Connection c, long userId) throws SQLException {
        accounts.bumpTokenVersion(c, userId);
        refreshTokens.revokeAll(c, userId);
    }
}
