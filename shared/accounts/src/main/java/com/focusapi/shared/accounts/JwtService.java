package com.focusapi.shared.accounts;

import com.focusapi.shared.accounts.internal.JwtSecretSource;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Access tokens: HS256 JWTs (nimbus-jose-jwt) with {@code sub} = user id, {@code role}, {@code iss},
 * {@code iat}, {@code exp} (30 min) and {@code jti}. Verification accepts HS256 only (the key selector
 * rejects {@code none}, RS256 and every other algorithm), the {@code at+jwt} type, our issuer, and an
 * unexpired token.
 */
@Singleton
public class JwtService {
    private static final JOSEObjectType ACCESS_TYPE = new JOSEObjectType("at+jwt");

    private final JwtSecretSource secretSource;
    private final AuthSettings settings;
    private final Clock clock;

    public JwtService(JwtSecretSource secretSource, AuthSettings settings) {
        this.secretSource = secretSource;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** A signed access token and its lifetime in seconds (the {@code expires_in} of the wire format). */
    public record AccessToken(String token, long expiresInSeconds) {
    }

    /** What a valid token says. */
    public record Claims(long userId, String role) {
    }

    public AccessToken issue(long userId, String role) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.getAccessTokenTtl());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Long.toString(userId))
                .issuer(settings.getIssuer())
                .claim("role", role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(ACCESS_TYPE).build(), claims);
        try {
            jwt.sign(new MACSigner(secretSource.secret()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a JWT", e);
        }
        return new AccessToken(jwt.serialize(), settings.getAccessTokenTtl().toSeconds());
    }

    /** The claims of a valid token, or {@link UnauthorizedException} (never says which check failed). */
    public Claims verify(String token) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secretSource.secret())));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(settings.getIssuer()).build(),
                new HashSet<>(Set.of("sub", "exp", "iat", "role"))));
        try {
            // JWTProcessor.process(String) parses plain (alg:none), signed and encrypted forms; only a JWS
            // signed with HS256 and our key gets through the key selector.
            JWTClaimsSet claims = processor.process(token, null);
            return new Claims(Long.parseLong(claims.getSubject()), claims.getStringClaim("role"));
        } catch (Exception e) {
            throw new UnauthorizedException("Invalid or expired access token.");
        }
    }
}
