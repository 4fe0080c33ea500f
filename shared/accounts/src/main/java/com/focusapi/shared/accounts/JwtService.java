package com.focusapi.shared.accounts;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import com.focusapi.shared.accounts.internal.JwtSecretSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens: HS256 JWTs (Auth0 java-jwt) with {@code sub} = user id, {@code role}, {@code ver} = the
 * account's token version when issued, {@code iss}, {@code iat}, {@code exp} (30 min) and {@code jti}, header
 * {@code typ} {@code at+jwt}. Whether that version is still the account's is the caller's check
 * ({@link AuthState#accepts}): the token only says which version it was issued under. Verification accepts
 * HS256 only (the verifier compares the header's {@code alg} with HS256 before anything else, so {@code none},
 * RS256 and every other algorithm are refused), the {@code at+jwt} type, our issuer, the four claims present,
 * and an unexpired token (60 s of clock skew). Same format and checks as the nimbus-jose-jwt version before it,
 * so tokens issued by it still verify.
 * <p>
 * A token verified once is remembered with its claims until it expires: a client sends the same token with
 * every request for up to 30 minutes, and its signature check (Base64 and JSON of both parts, an HMAC) was
 * the largest piece of a cached request's CPU after Redis itself (BENCHMARKS.md, "Where a cached request
 * spends its time"). Only a token that passed every check is remembered, under its exact text, and its expiry
 * is checked again at each use: the answer is the one a fresh verification would give. Revocation is not the
 * token's business (the token version, {@link AuthState}, is checked on every request).
 */
@Singleton
public class JwtService {
    private static final String ACCESS_TYPE = "at+jwt";
    private static final String VERSION_CLAIM = "ver";
    /** Clock skew tolerated on {@code exp} and {@code nbf}, as nimbus's default was. */
    private static final long LEEWAY_SECONDS = 60;
    /**
     * Tokens remembered per instance; past it the memo starts again empty (one Lambda environment serves a
     * handful of users between cold starts: a bound against a flood of valid tokens, not an LRU worth its cost).
     */
    static final int REMEMBERED_TOKENS = 1_024;

    private final JwtSecretSource secretSource;
    private final AuthSettings settings;
    private final Clock clock;
    private volatile Keys keys;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** The signing algorithm and the verifier over it (both thread-safe), built on first use from the secret. */
    private record Keys(Algorithm algorithm, JWTVerifier verifier) {}

    @Inject
    public JwtService(JwtSecretSource secretSource, AuthSettings settings) {
        this(secretSource, settings, Clock.systemUTC());
    }

    JwtService(JwtSecretSource secretSource, AuthSettings settings, Clock clock) {
        this.secretSource = secretSource;
        this.settings = settings;
        this.clock = clock;
    }

    /** A token that passed every check, with what it says and the last second it is accepted. */
    private record Verified(Claims claims, long acceptedUntilEpochSecond) {}

    /** A signed access token and its lifetime in seconds (the {@code expires_in} of the wire format). */
    public record AccessToken(String token, long expiresInSeconds) {}

    /** What a valid token says. */
    public record Claims(long userId, String role, int tokenVersion) {}

    /** A token of an account whose sessions were never ended (version 0): seeded accounts of tests and benchmarks. */
    public AccessToken issue(long userId, String role) {
        return issue(userId, role, 0);
    }

    public AccessToken issue(long userId, String role, int tokenVersion) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.getAccessTokenTtl());
        String token = JWT.create()
                .withHeader(Map.of("typ", ACCESS_TYPE))
                .withSubject(Long.toString(userId))
                .withIssuer(settings.getIssuer())
                .withClaim("role", role)
                .withClaim(VERSION_CLAIM, tokenVersion)
                .withIssuedAt(now)
                .withExpiresAt(expires)
                .withJWTId(UUID.randomUUID().toString())
                .sign(keys().algorithm());
        return new AccessToken(token, settings.getAccessTokenTtl().toSeconds());
    }

    /** The claims of a valid token, or {@link UnauthorizedException} (never says which check failed). */
    public Claims verify(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (clock.instant().getEpochSecond() <= known.acceptedUntilEpochSecond()) {
                return known.claims();
            }
            verified.remove(token);
            throw new UnauthorizedException("Invalid or expired access token.");
        }
        try {
            DecodedJWT jwt = keys().verifier().verify(token);
            if (!ACCESS_TYPE.equalsIgnoreCase(jwt.getType())) {
                throw new IllegalArgumentException("not an access token");
            }
            String role = jwt.getClaim("role").asString(); // null when not a string
            if (role == null) {
                throw new IllegalArgumentException("role is not a string");
            }
            Claims claims = new Claims(Long.parseLong(jwt.getSubject()), role, version(jwt));
            if (verified.size() >= REMEMBERED_TOKENS) {
                verified.clear();
            }
            verified.put(token, new Verified(claims, jwt.getExpiresAtAsInstant().getEpochSecond() + LEEWAY_SECONDS));
            return claims;
        } catch (Exception e) {
            throw new UnauthorizedException("Invalid or expired access token.");
        }
    }

    /** How many verified tokens are remembered now (tests). */
    int rememberedTokens() {
        return verified.size();
    }

    /**
     * The {@code ver} claim; 0 when absent, the version of every account before token versions existed, so
     * tokens issued then keep working until the account's version first moves. Anything but an integer is refused.
     */
    private static int version(DecodedJWT jwt) {
        Claim claim = jwt.getClaim(VERSION_CLAIM);
        if (claim.isMissing()) {
            return 0;
        }
        Integer version = claim.asInt(); // null when not a number
        if (version == null || claim.asDouble() != version.doubleValue()) {
            throw new IllegalArgumentException("ver is not an integer");
        }
        return version;
    }

    private Keys keys() {
        Keys current = keys;
        if (current == null) {
            synchronized (this) {
                if (keys == null) {
                    Algorithm hs256 = Algorithm.HMAC256(secretSource.secret());
                    Verification checks = JWT.require(hs256)
                            .withIssuer(settings.getIssuer())
                            .withClaimPresence("sub")
                            .withClaimPresence("exp")
                            .withClaimPresence("iat")
                            .withClaimPresence("role")
                            .acceptLeeway(LEEWAY_SECONDS)
                            // nimbus never checked iat against the clock; only its presence is required.
                            .ignoreIssuedAt();
                    // The service's clock, so that the remembered tokens and fresh verifications expire alike.
                    JWTVerifier verifier = ((JWTVerifier.BaseVerification) checks).build(clock);
                    keys = new Keys(hs256, verifier);
                }
                current = keys;
            }
        }
        return current;
    }
}
