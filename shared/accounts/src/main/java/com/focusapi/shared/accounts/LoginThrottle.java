package com.focusapi.shared.accounts;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Throttling of password guesses, kept in {@code login_attempts} because Lambda environments share no memory.
 *
 * <p>What is counted (issue 12): failures within the window, per client address (one address trying many
 * accounts), per account <em>and</em> address (one guesser on one account: the guesser is stopped, not the
 * owner, who logs in from elsewhere; the count restarts after a success from that address), and per account
 * from every address together with a much higher ceiling (distributed guessing: without it a botnet gets the
 * per-pair allowance once per address; it restarts after any success of the account). A throttled key is refused even with the right password
 * (that is what stops guessing), and a refused attempt is not recorded, so nobody can renew a wait by
 * hammering.
 *
 * <p>Atomic: each attempt first <em>reserves</em> its slot, in one short transaction that takes a
 * transaction-scoped advisory lock per key (account, then address: always in that order, so two of them
 * never wait for each other), counts, and inserts the attempt as a failure. Concurrent guesses are
 * serialised on the lock, each one sees the slots taken before it, so at most the limit reach the
 * password check; the lock is released at the commit, before the (slow) password hash is computed. The
 * caller marks the attempt {@link #succeeded} when the password was right.
 */
@Singleton
public class LoginThrottle {
    /** {@code source_ip} of the password checks made with an access token: counted per account only. */
    static final String NO_ADDRESS = "-";

    private static final int ACCOUNT_LOCKS = 1;
    private static final int ADDRESS_LOCKS = 2;

    private static final String FAILURES_IN_WINDOW =
            "SELECT attempted_at AS stamp FROM login_attempts WHERE NOT succeeded AND attempted_at > now() - make_interval(secs => ?)";
    private static final String SINCE_ACCOUNT_SUCCESS = " AND attempted_at > COALESCE((SELECT max(attempted_at) "
            + "FROM login_attempts WHERE email_key = ? AND succeeded), '-infinity')";
    /**
     * Per account and address only a success from that address restarts the count: the owner's own logins
     * elsewhere must not hand the guesser a fresh allowance.
     */
    private static final String SINCE_PAIR_SUCCESS = " AND attempted_at > COALESCE((SELECT max(attempted_at) "
            + "FROM login_attempts WHERE email_key = ? AND source_ip = ? AND succeeded), '-infinity')";

    private final Database database;
    private final LoginThrottleSettings settings;

    public LoginThrottle(Database database, LoginThrottleSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** A reserved attempt: counted as a failure until {@link #succeeded}. */
    public record Attempt(long id) {}

    private enum Scope {
        ADDRESS,
        ACCOUNT_AND_ADDRESS,
        ACCOUNT
    }

    private record Limit(Scope scope, int max) {}

    /**
     * A login for {@code emailKey} (lower-cased, whether or not the account exists) from {@code sourceIp}:
     * reserves the attempt or throws {@link ThrottledException} (429 with Retry-After).
     */
    public Attempt reserveLogin(String emailKey, String sourceIp) {
        return reserve(
                emailKey,
                sourceIp,
                List.of(
                        new Limit(Scope.ADDRESS, settings.getMaxFailuresPerAddress()),
                        new Limit(Scope.ACCOUNT_AND_ADDRESS, settings.getMaxFailuresPerAccount()),
                        new Limit(Scope.ACCOUNT, settings.getMaxFailuresPerAccountTotal())));
    }

    /**
     * A check of the current password by a signed-in user (change-password, DELETE /me): whoever holds the
     * access token is the only guesser, so the account's own limit applies, per account.
     */
    public Attempt reservePasswordCheck(long userId) {
        return reserve(
                "user:" + userId, NO_ADDRESS, List.of(new Limit(Scope.ACCOUNT, settings.getMaxFailuresPerAccount())));
    }

    /** The password was right: the attempt is a success, and the account's counts start again after it. */
    public void succeeded(Attempt attempt) {
        database.withConnection(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE login_attempts SET succeeded = TRUE WHERE id = ?")) {
                st.setLong(1, attempt.id());
                return st.executeUpdate();
            }
        });
    }

    private Attempt reserve(String key, String sourceIp, List<Limit> limits) {
        long window = settings.getWindow().toSeconds();
        return database.inTransaction(c -> {
            SlidingWindow.lock(c, ACCOUNT_LOCKS, key);
            if (!NO_ADDRESS.equals(sourceIp)) {
                SlidingWindow.lock(c, ADDRESS_LOCKS, sourceIp);
            }
            long wait = 0;
            for (Limit limit : limits) {
                wait = Math.max(wait, retryAfter(c, limit, key, sourceIp, window));
            }
            if (wait > 0) {
                throw new ThrottledException(wait); // rolls back: nothing recorded
            }
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO login_attempts (email_key, source_ip, succeeded) VALUES (?, ?, FALSE) RETURNING id")) {
                st.setString(1, key);
                st.setString(2, sourceIp);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return new Attempt(rs.getLong(1));
                }
            }
        });
    }

    /**
     * Seconds until the oldest of the last {@code max} counted failures of the limit's scope leaves the
     * window, or 0 when there are fewer than {@code max}.
     */
    private static long retryAfter(Connection c, Limit limit, String key, String sourceIp, long windowSeconds)
            throws SQLException {
        return switch (limit.scope()) {
            case ADDRESS ->
                SlidingWindow.retryAfter(
                        c,
                        FAILURES_IN_WINDOW + " AND source_ip = ?",
                        List.of(windowSeconds, sourceIp),
                        windowSeconds,
                        limit.max());
            case ACCOUNT_AND_ADDRESS ->
                SlidingWindow.retryAfter(
                        c,
                        FAILURES_IN_WINDOW + " AND email_key = ? AND source_ip = ?" + SINCE_PAIR_SUCCESS,
                        List.of(windowSeconds, key, sourceIp, key, sourceIp),
                        windowSeconds,
                        limit.max());
            case ACCOUNT ->
                SlidingWindow.retryAfter(
                        c,
                        FAILURES_IN_WINDOW + " AND email_key = ?" + SINCE_ACCOUNT_SUCCESS,
                        List.of(windowSeconds, key, key),
                        windowSeconds,
                        limit.max());
        };
    }
}
