package com.focusapi.auth;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.AccountRepository;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.LoginThrottle;
import com.focusapi.shared.accounts.PasswordHasher;
import com.focusapi.shared.accounts.PasswordPolicy;
import com.focusapi.shared.accounts.ProfileCache;
import com.focusapi.shared.accounts.RefreshTokens;
import com.focusapi.shared.accounts.Sessions;
import com.focusapi.shared.accounts.UnauthorizedException;
import com.focusapi.shared.email.EmailService;
import com.focusapi.shared.http.Problem;
import com.focusapi.shared.http.ProblemException;
import com.focusapi.shared.metrics.BusinessMetrics;
import com.focusapi.shared.persistence.Database;
import com.focusapi.shared.text.Text;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The account rules of the spec: registration with email verification (24 h token), login with throttling,
 * rotating refresh tokens, logout, and the password-reset flow (1 h token). Registration, forgot-password and
 * resend-verification answer the same whether or not the account exists, and are rate limited per client
 * address and per email ({@link AccountEmailLimits}).
 */
@Singleton
public class AuthService {
    static final Duration VERIFICATION_VALIDITY = Duration.ofHours(24);
    static final Duration RESET_VALIDITY = Duration.ofHours(1);
    static final String NEUTRAL_ANSWER = "If an account exists for this address, an email is on its way.";
    /** The answer to every registration that is not refused, whether or not the email was taken. */
    static final String REGISTERED = "Check your inbox: an email is on its way to this address "
            + "(a verification link, or a note to its owner if the address already has an account).";

    private final Database database;
    private final AccountRepository accounts;
    private final AccountTokenRepository accountTokens;
    private final PasswordHasher passwords;
    private final JwtService jwt;
    private final RefreshTokens refreshTokens;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final EmailService email;
    private final AccountEmails emails;
    private final ProfileCache profiles;
    private final AuthStateCache authStates;
    private final BusinessMetrics metrics;
    private final AccountEmailLimits emailLimits;
    private final AccountEmailSettings emailSettings;

    public AuthService(
            Database database,
            AccountRepository accounts,
            AccountTokenRepository accountTokens,
            PasswordHasher passwords,
            JwtService jwt,
            RefreshTokens refreshTokens,
            Sessions sessions,
            LoginThrottle throttle,
            EmailService email,
            AccountEmails emails,
            ProfileCache profiles,
            AuthStateCache authStates,
            BusinessMetrics metrics,
            AccountEmailLimits emailLimits,
            AccountEmailSettings emailSettings) {
        this.database = database;
        this.accounts = accounts;
        this.accountTokens = accountTokens;
        this.passwords = passwords;
        this.jwt = jwt;
        this.refreshTokens = refreshTokens;
        this.sessions = sessions;
        this.throttle = throttle;
        this.email = email;
        this.emails = emails;
        this.profiles = profiles;
        this.authStates = authStates;
        this.metrics = metrics;
        this.emailLimits = emailLimits;
        this.emailSettings = emailSettings;
    }

    /**
     * Registration answers the same whether or not the email is taken (issue 12): the new address gets its
     * verification email, the owner of a taken one an email saying someone tried; the caller cannot tell
     * which. Both paths do the same work (one password hash, one insert attempt, one email), so their time
     * does not tell either. A taken username is still a 409: usernames are public (profiles, search).
     */
    public AuthResponses.Message register(AuthRequests.Register request) {
        PasswordPolicy.requireStrong("password", request.password());
        String emailKey = emailKey(request.email());
        long requestId = emailLimits.admit(emailKey, ClientAddress.current());
        String hash = passwords.hash(request.password());
        record Created(Account account, String token) {}
        Created created = database.inTransaction(c -> {
            Optional<Account> inserted =
                    accounts.insert(c, request.email(), request.username(), hash, Text.blankToNull(request.fullName()));
            if (inserted.isEmpty()) {
                return null;
            }
            return new Created(
                    inserted.get(),
                    accountTokens.issue(
                            c,
                            inserted.get().id(),
                            AccountTokenRepository.VERIFY_EMAIL,
                            VERIFICATION_VALIDITY,
                            emailSettings.getTokensKept()));
        });
        if (created != null) {
            metrics.trackUserRegistration();
            // After the commit: a failed email never undoes the account (resend-verification exists for that).
            if (emailLimits.mayEmail(requestId, emailKey)) {
                email.send(emails.verification(
                        created.account().email(), created.account().username(), created.token()));
            }
            return new AuthResponses.Message(REGISTERED);
        }
        // The username is checked first: a taken one is a 409 whatever the email, so the 409 says nothing of it.
        if (accounts.conflictOf(request.email(), request.username()) == AccountRepository.Conflict.USERNAME) {
            throw ProblemException.conflict(
                    "This username is already registered.",
                    List.of(new Problem.FieldError("username", "is already registered")));
        }
        accounts.findByEmail(emailKey)
                .filter(owner -> emailLimits.mayEmail(requestId, emailKey))
                .ifPresent(owner -> email.send(emails.registrationAttempt(owner.email(), owner.username())));
        return new AuthResponses.Message(REGISTERED);
    }

    public AuthResponses.Tokens login(AuthRequests.Login request, String sourceIp) {
        String emailKey = emailKey(request.email());
        // The slot is taken before the password is checked: parallel guesses cannot all pass (LoginThrottle).
        LoginThrottle.Attempt attempt = throttle.reserveLogin(emailKey, sourceIp);
        Optional<Account> account = accounts.findByEmail(emailKey);
        // Verified against a dummy hash when the account does not exist, so timing does not tell.
        boolean valid = passwords.verify(
                request.password(), account.map(Account::passwordHash).orElse(null));
        // A deactivated account answers exactly as a wrong password (issue 12): a 403 to the right password
        // only would confirm the password to a guesser. Its attempt stays a failure.
        if (!valid || !account.get().active()) {
            throw new UnauthorizedException("Invalid email or password.");
        }
        Account user = account.get();
        throttle.succeeded(attempt);
        accounts.touchLogin(user.id());
        profiles.evict(user.id()); // last_login is part of the cached profile
        // A role changed in SQL outside the API (the first admin) applies from this login on, not at the TTL.
        authStates.evict(user.id());
        String refresh = database.inTransaction(c -> refreshTokens.startFamily(c, user.id(), user.tokenVersion()));
        metrics.trackUserLogin();
        return tokens(user, user.tokenVersion(), refresh);
    }

    public AuthResponses.Tokens refresh(AuthRequests.RefreshToken request) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(request.refreshToken());
        if (rotation.status() != RefreshTokens.Rotation.Status.ROTATED) {
            throw new UnauthorizedException("Invalid, expired or revoked refresh token.");
        }
        Account user = accounts.findById(rotation.userId())
                .filter(Account::active)
                .orElseThrow(() -> new UnauthorizedException("Invalid, expired or revoked refresh token."));
        // The version the refresh token was issued under: if it moved meanwhile, this access token is refused too.
        return tokens(user, rotation.tokenVersion(), rotation.token());
    }

    public void logout(AuthRequests.RefreshToken request) {
        // Idempotent: logging out twice, or with an unknown token, is not an error worth a client's attention.
        refreshTokens.revokeFamilyOf(request.refreshToken());
    }

    public AuthResponses.Message verifyEmail(AuthRequests.VerifyEmail request) {
        long userId = database.inTransaction(c -> {
            OptionalLong owner = accountTokens.consume(c, request.token(), AccountTokenRepository.VERIFY_EMAIL);
            if (owner.isPresent()) {
                accounts.setVerified(c, owner.getAsLong());
                accountTokens.spendAll(c, owner.getAsLong(), AccountTokenRepository.VERIFY_EMAIL);
            }
            return owner.orElse(-1);
        });
        if (userId < 0) {
            throw ProblemException.invalidField("token", "is invalid or expired");
        }
        // is_verified changed: the cached profile and authentication state are stale.
        profiles.evict(userId);
        authStates.evict(userId);
        return new AuthResponses.Message("Email verified.");
    }

    public AuthResponses.Message resendVerification(AuthRequests.EmailOnly request) {
        String emailKey = emailKey(request.email());
        long requestId = emailLimits.admit(emailKey, ClientAddress.current());
        inFixedTime(() -> accounts.findByEmail(emailKey)
                .filter(a -> a.active() && !a.verified())
                .filter(a -> emailLimits.mayEmail(requestId, emailKey))
                .ifPresent(account -> {
                    String token = database.inTransaction(c -> accountTokens.issue(
                            c,
                            account.id(),
                            AccountTokenRepository.VERIFY_EMAIL,
                            VERIFICATION_VALIDITY,
                            emailSettings.getTokensKept()));
                    email.send(emails.verification(account.email(), account.username(), token));
                }));
        return new AuthResponses.Message(NEUTRAL_ANSWER);
    }

    public AuthResponses.Message forgotPassword(AuthRequests.EmailOnly request) {
        String emailKey = emailKey(request.email());
        long requestId = emailLimits.admit(emailKey, ClientAddress.current());
        inFixedTime(() -> accounts.findByEmail(emailKey)
                .filter(Account::active)
                .filter(a -> emailLimits.mayEmail(requestId, emailKey))
                .ifPresent(account -> {
                    String token = database.inTransaction(c -> accountTokens.issue(
                            c,
                            account.id(),
                            AccountTokenRepository.RESET_PASSWORD,
                            RESET_VALIDITY,
                            emailSettings.getTokensKept()));
                    email.send(emails.passwordReset(account.email(), account.username(), token));
                }));
        return new AuthResponses.Message(NEUTRAL_ANSWER);
    }

    /**
     * Runs {@code work} and answers no sooner than {@code ACCOUNT_EMAILS_ANSWER_TIME} after it started, so a
     * known email (a token written, an email sent through SES) and an unknown one (nothing to do) take the
     * same time. Why a fixed time rather than sending after the answer or through a queue: a Lambda
     * invocation answers API Gateway when the handler returns and is frozen right after, so work left for
     * "after the response" may never run; a queue and its consumer function would be a second moving part
     * (and its own failure modes) for a route called a few times per user per year. Waiting costs billed
     * milliseconds on a rare, rate-limited route. The time must exceed the known path's (an SES call is
     * tens to a few hundred milliseconds); a slower send still answers, later (and would tell).
     */
    private void inFixedTime(Runnable work) {
        long deadline = System.nanoTime() + emailSettings.getAnswerTime().toNanos();
        work.run();
        long left = deadline - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public AuthResponses.Message resetPassword(AuthRequests.ResetPassword request) {
        PasswordPolicy.requireStrong("new_password", request.newPassword());
        String hash = passwords.hash(request.newPassword());
        long userId = database.inTransaction(c -> {
            OptionalLong owner = accountTokens.consume(c, request.token(), AccountTokenRepository.RESET_PASSWORD);
            if (owner.isEmpty()) {
                return -1L;
            }
            accounts.setPassword(c, owner.getAsLong(), hash);
            // The other links still valid (the newest few are) must not reset the new password again.
            accountTokens.spendAll(c, owner.getAsLong(), AccountTokenRepository.RESET_PASSWORD);
            // Whoever knew the old password may hold a session: end them all, access tokens included.
            sessions.endAll(c, owner.getAsLong());
            return owner.getAsLong();
        });
        if (userId < 0) {
            throw ProblemException.invalidField("token", "is invalid or expired");
        }
        authStates.evict(userId); // after the commit: the next request reads the new token version
        return new AuthResponses.Message("Password changed. Log in with the new password.");
    }

    private static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private AuthResponses.Tokens tokens(Account user, int tokenVersion, String refreshToken) {
        JwtService.AccessToken access = jwt.issue(user.id(), user.role(), tokenVersion);
        return new AuthResponses.Tokens(access.token(), refreshToken, "bearer", access.expiresInSeconds());
    }
}
