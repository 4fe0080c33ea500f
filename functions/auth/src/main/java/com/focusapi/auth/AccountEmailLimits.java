package com.focusapi.auth;

import com.focusapi.shared.accounts.SlidingWindow;
import com.focusapi.shared.accounts.ThrottledException;
import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * Rate limits of the routes that send account emails (register, resend-verification, forgot-password), in
 * {@code account_email_requests} (Lambda environments share no memory). Two limits, within a sliding window:
 * <ul>
 *   <li>per client address, every request counted: over it, a 429 with Retry-After. It says nothing about
 *       any account (the same answer whatever the email), and it tells a script why it is stopped;</li>
 *   <li>per email address, the emails actually sent (of every type): over it, the route answers as usual
 *       but sends nothing, so a victim's inbox cannot be flooded from many addresses, and the answer does
 *       not tell whether an email would have gone out (whether the account exists).</li>
 * </ul>
 * Each decision is atomic: it takes a transaction-scoped advisory lock on its key, counts and writes in one
 * short transaction, so parallel requests cannot all pass the count.
 */
@Singleton
public class AccountEmailLimits {
    private static final int ADDRESS_LOCKS = 3;
    private static final int EMAIL_LOCKS = 4;

    private final Database database;
    private final AccountEmailSettings settings;

    public AccountEmailLimits(Database database, AccountEmailSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** A request from {@code sourceIp}, recorded; {@link ThrottledException} when the address is over its limit. */
    public long admit(String emailKey, String sourceIp) {
        long window = settings.getWindow().toSeconds();
        return database.inTransaction(c -> {
            SlidingWindow.lock(c, ADDRESS_LOCKS, sourceIp);
            long wait = SlidingWindow.retryAfter(
                    c,
                    "SELECT requested_at AS stamp FROM account_email_requests WHERE source_ip = ? "
                            + "AND requested_at > now() - make_interval(secs => ?)",
                    List.of(sourceIp, window),
                    window,
                    settings.getMaxPerAddress());
            if (wait > 0) {
                throw new ThrottledException("Too many account emails requested from this address.", wait);
            }
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO account_email_requests (email_key, source_ip) VALUES (?, ?) RETURNING id")) {
                st.setString(1, emailKey);
                st.setString(2, sourceIp);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Whether one more email may go to {@code emailKey} within its limit; if so the slot is taken (request
     * {@code requestId} is marked as sent) before the email is sent.
     */
    public boolean mayEmail(long requestId, String emailKey) {
        long window = settings.getWindow().toSeconds();
        return database.inTransaction(c -> {
            SlidingWindow.lock(c, EMAIL_LOCKS, emailKey);
            if (SlidingWindow.retryAfter(
                            c,
                            "SELECT requested_at AS stamp FROM account_email_requests WHERE email_key = ? AND sent "
                                    + "AND requested_at > now() - make_interval(secs => ?)",
                            List.of(emailKey, window),
                            window,
                            settings.getMaxPerEmail())
                    > 0) {
                return false;
            }
            try (PreparedStatement st =
                    c.prepareStatement("UPDATE account_email_requests SET sent = TRUE WHERE id = ?")) {
                st.setLong(1, requestId);
                st.executeUpdate();
            }
            return true;
        });
    }
}
