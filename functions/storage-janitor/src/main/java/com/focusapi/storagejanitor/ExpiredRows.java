package com.focusapi.storagejanitor;

import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows no request will ever read again, table by table (migrations V2, V3 and V7), and their deletion.
 *
 * <p>Each table is emptied in batches of {@value #BATCH} rows, one short transaction each: a backlog of
 * millions (the first run on an old database) never holds locks for long nor blocks logins and posts.
 */
@Singleton
public class ExpiredRows {
    static final int BATCH = 5_000;

    /**
     * What may go, as a condition on the table's rows. A day of margin everywhere a rate limit or a throttle
     * may count rows in a window (login throttling looks back 15 minutes by default; per-email limits on
     * account emails may look back up to a day): a deleted row would be a forgotten attempt.
     */
    static final Map<String, String> EXPIRED = expired();

    private static Map<String, String> expired() {
        Map<String, String> rules = new LinkedHashMap<>();
        // Failed and successful logins: throttling reads only its window.
        rules.put("login_attempts", "attempted_at < now() - interval '1 day'");
        // Verification (24 h) and reset (1 h) tokens: a used or expired one is refused like an unknown one, so
        // deleting it changes no answer; created more than a day ago, every one of them has expired.
        rules.put(
                "account_tokens",
                "created_at < now() - interval '1 day' AND (used_at IS NOT NULL OR expires_at < now())");
        // Refresh tokens by family: a used token must stay while its family lives (presenting it again is the
        // theft signal that revokes the family), so only whole families go: those whose every token has
        // expired, or that are past their absolute life (JWT_REFRESH_FAMILY_TTL, migration V7), which refresh
        // refuses whatever its tokens' own expiry says.
        rules.put(
                "refresh_tokens",
                "family_id IN (SELECT family_id FROM refresh_tokens GROUP BY family_id "
                        + "HAVING max(expires_at) < now() OR max(family_expires_at) < now())");
        // Requests for account emails (V7): their limits look back an hour (ACCOUNT_EMAILS_WINDOW).
        rules.put("account_email_requests", "requested_at < now() - interval '1 day'");
        // Idempotency-Keys are honoured for 24 hours; after that a key is claimed again as new anyway.
        rules.put("idempotency_keys", "created_at < now() - interval '24 hours'");
        return rules;
    }

    private final Database database;

    public ExpiredRows(Database database) {
        this.database = database;
    }

    /** Deletes every expired row; the number deleted per table. */
    public Map<String, Long> delete() {
        Map<String, Long> deleted = new LinkedHashMap<>();
        EXPIRED.forEach((table, condition) -> deleted.put(table, delete(table, condition)));
        return deleted;
    }

    private long delete(String table, String condition) {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE "
                + condition + " LIMIT " + BATCH + "))";
        long total = 0;
        int batch;
        do {
            batch = database.inTransaction(c -> {
                try (PreparedStatement st = c.prepareStatement(sql)) {
                    return st.executeUpdate();
                }
            });
            total += batch;
        } while (batch == BATCH);
        return total;
    }
}
