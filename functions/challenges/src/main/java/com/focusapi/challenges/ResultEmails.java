package com.focusapi.challenges;

import com.focusapi.challenges.lifecycle.LifecycleRepository;
import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailService;
import com.focusapi.shared.persistence.Database;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The results email of a completed challenge, to each final participant with email reminders on, exactly
 * once: each send happens inside the transaction that inserted its {@code challenge_emails} row, so a second
 * run (even one overlapping this one) finds the row and skips, and a failed send rolls the row back for a
 * later run to retry. (A crash between the send and the commit would send it again: at-least-once there.)
 */
@Singleton
public class ResultEmails {
    private final Database database;
    private final LifecycleRepository lifecycle;
    private final EmailService email;

    public ResultEmails(Database database, LifecycleRepository lifecycle, EmailService email) {
        this.database = database;
        this.lifecycle = lifecycle;
        this.email = email;
    }

    /** What one call did. */
    public record Sent(int sent, int failed) {}

    private static final class SendFailed extends RuntimeException {
        SendFailed() {
            super("send failed", null, false, false);
        }
    }

    public Sent send(long challengeId) {
        List<LifecycleRepository.Recipient> recipients =
                database.withConnection(c -> lifecycle.recipients(c, challengeId));
        String[] titleAndWinner = database.withConnection(c -> lifecycle.titleAndWinner(c, challengeId));
        int sent = 0;
        int failed = 0;
        for (LifecycleRepository.Recipient r : recipients) {
            try {
                boolean mine = database.inTransaction(c -> {
                    if (!lifecycle.claimEmail(c, challengeId, r.userId())) {
                        return false;
                    }
                    if (!email.send(message(r, titleAndWinner[0], titleAndWinner[1]))) {
                        throw new SendFailed(); // rolls the claim back
                    }
                    return true;
                });
                sent += mine ? 1 : 0;
            } catch (SendFailed e) {
                failed++;
            }
        }
        if (failed == 0) {
            database.withConnection(c -> {
                lifecycle.markResultsSent(c, challengeId);
                return null;
            });
        }
        return new Sent(sent, failed);
    }

    private static EmailMessage message(LifecycleRepository.Recipient r, String title, String winner) {
        String body = "Hello " + r.username() + ",\n\n"
                + "The challenge \"" + title + "\" is over.\n"
                + "Winner: " + (winner == null ? "nobody" : winner) + "\n"
                + "Your rank: " + r.rank() + "\n"
                + "Your screen time: " + r.totalMinutes() + " minutes\n"
                + "Goal " + (r.goalAchieved() ? "achieved. Well done!" : "not achieved this time.") + "\n";
        return new EmailMessage(EmailMessage.Type.CHALLENGE_RESULT, r.email(), "Results of \"" + title + "\"", body);
    }
}
