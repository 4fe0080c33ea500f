package com.focusapi.auth;

import com.focusapi.shared.accounts.Account;
import com.focusapi.shared.accounts.AccountRepository;
import com.focusapi.shared.accounts.AuthStateCache;
import com.focusapi.shared.accounts.JwtService;
import com.focusapi.shared.accounts.OwnProfile;
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
 * rotating refresh tokens, logout, and the password-reset flow (1 h token). Forgot-password and
 * resend-verification answer the same whether or not the account exists.
 */
@Singleton
public class AuthService {
    static final Duration VERIFICATION_VALIDITY = Duration.ofHours(24);
    static final Duration RESET_VALIDITY = Duration.ofHours(1);
    static final String NEUTRAL_ANSWER = "If an account exists for this address, an email is on its way.";

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
            BusinessMetrics metrics) {
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
    }

    public OwnProfile register(AuthRequests.Register request) {
        PasswordPolicy.requireStrong("password", request.password());
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
                            c, inserted.get().id(), AccountTokenRepository.VERIFY_EMAIL, VERIFICATION_VALIDITY));
        });
        if (created == null) {
            AccountRepository.Conflict conflict = accounts.conflictOf(request.email(), request.username());
            String field = conflict == AccountRepository.Conflict.USERNAME ? "username" : "email";
            throw ProblemException.conflict(
                    "This " + field + " is already registered.",
                    List.of(new Problem.FieldError(field, "is already registered")));
        }
        metrics.trackUserRegistration();
        // After the commit: a failed email never undoes the account (resend-verification exists for that).
        email.send(
                emails.verification(created.account().email(), created.account().username(), created.token()));
        return OwnProfile.of(created.account());
    }

    public AuthResponses.Tokens login(AuthRequests.Login request, String sourceIp) {
        String emailKey = request.email().trim().toLowerCase(Locale.ROOT);
        throttle.check(emailKey, sourceIp);
        Optional<Account> account = accounts.findByEmail(emailKey);
        // Verified against a dummy hash when the account does not exist, so timing does not tell.
        boolean valid = passwords.verify(
                request.password(), account.map(Account::passwordHash).orElse(null));
        if (!valid) {
            throttle.record(emailKey, sourceIp, false);
            throw new UnauthorizedException("Invalid email or password.");
        }
        Account user = account.get();
        if (!user.active()) {
            throw ProblemException.forbidden("This account is deactivated.");
        }
        throttle.record(emailKey, sourceIp, true);
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
        accounts.findByEmail(request.email())
                .filter(a -> a.active() && !a.verified())
                .ifPresent(account -> {
                    String token = database.inTransaction(c -> accountTokens.issue(
                            c, account.id(), AccountTokenRepository.VERIFY_EMAIL, VERIFICATION_VALIDITY));
                    email.send(emails.verification(account.email(), account.username(), token));
                });
        return new AuthResponses.Message(NEUTRAL_ANSWER);
    }

    public AuthResponses.Message forgotPassword(AuthRequests.EmailOnly request) {
        accounts.findByEmail(request.email()).filter(Account::active).ifPresent(account -> {
            String token = database.inTransaction(
                    c -> accountTokens.issue(c, account.id(), AccountTokenRepository.RESET_PASSWORD, RESET_VALIDITY));
            email.send(emails.passwordReset(account.email(), account.username(), token));
        });
        return new AuthResponses.Message(NEUTRAL_ANSWER);
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

    private AuthResponses.Tokens tokens(Account user, int tokenVersion, String refreshToken) {
        JwtService.AccessToken access = jwt.issue(user.id(), user.role(), tokenVersion);
        return new AuthResponses.Tokens(access.token(), refreshToken, "bearer", access.expiresInSeconds());
    }
}
