package com.focusapi.shared.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.focusapi.shared.accounts.internal.JwtSecretSource;
import com.focusapi.testsupport.ForgedJwts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Access tokens: what is issued verifies; every forged, downgraded or expired variant is a 401. */
class JwtServiceTest {
    @TempDir
    Path dir;

    private JwtService service(Duration ttl) {
        AuthSettings settings = new AuthSettings();
        settings.setSecretFile(dir.resolve("jwt-secret").toString());
        settings.setAccessTokenTtl(ttl);
        return new JwtService(new JwtSecretSource(settings), settings);
    }

    private byte[] secret() {
        AuthSettings settings = new AuthSettings();
        settings.setSecretFile(dir.resolve("jwt-secret").toString());
        return new JwtSecretSource(settings).secret();
    }

    @Test
    void issuedTokenVerifies() {
        JwtService jwt = service(Duration.ofMinutes(30));
        JwtService.AccessToken token = jwt.issue(42, "admin", 3);
        assertThat(token.expiresInSeconds()).isEqualTo(1800);
        assertThat(jwt.verify(token.token())).isEqualTo(new JwtService.Claims(42, "admin", 3));
    }

    @Test
    void algNoneIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        String unsigned = ForgedJwts.unsigned(claims(42));
        assertThatThrownBy(() -> jwt.verify(unsigned)).isInstanceOf(UnauthorizedException.class);
        // The same with an empty signature appended, the classic alg:none bypass.
        assertThatThrownBy(() -> jwt.verify(unsigned + "c2ln")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void otherAlgorithmWithTheSameKeyIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        String hs512 = ForgedJwts.hmac("HS512", secret(), claims(42));
        assertThatThrownBy(() -> jwt.verify(hs512)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void tokenSignedWithAnotherSecretIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        String forged =
                ForgedJwts.hmac("HS256", "an-attacker-secret-that-is-long-enough-0123456789".getBytes(), claims(42));
        assertThatThrownBy(() -> jwt.verify(forged)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void tokenInTheFormatIssuedBeforeVerifies() {
        // What nimbus-jose-jwt issued: {"typ":"at+jwt","alg":"HS256"}, sub/iss/role/iat/exp/jti, our secret.
        JwtService jwt = service(Duration.ofMinutes(30));
        Map<String, Object> claims = claims(7);
        claims.put("jti", "0b7e4a52-3c55-4d0e-9a53-3c1d1e0f4c11");
        // It has no token version: it speaks for version 0, every account's version before versions existed.
        assertThat(jwt.verify(ForgedJwts.hmac("HS256", secret(), claims)))
                .isEqualTo(new JwtService.Claims(7, "admin", 0));
    }

    @Test
    void issuedTokenHasTheSameHeaderAndClaimNames() throws Exception {
        String[] parts =
                service(Duration.ofMinutes(30)).issue(42, "user").token().split("\\.");
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("alg").asText()).isEqualTo("HS256");
        assertThat(header.path("typ").asText()).isEqualTo("at+jwt");
        assertThat(payload.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("sub", "iss", "role", "ver", "iat", "exp", "jti");
        assertThat(payload.path("sub").asText()).isEqualTo("42");
        assertThat(payload.path("exp").asLong() - payload.path("iat").asLong()).isEqualTo(1800);
    }

    @Test
    void otherTypeIssuerOrMissingClaimIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        byte[] key = secret();
        // Right secret, right algorithm, but not the at+jwt type (a plain JWT from elsewhere signed with the same key).
        assertThatThrownBy(() -> jwt.verify(ForgedJwts.hmac(Map.of("alg", "HS256", "typ", "JWT"), key, claims(42))))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> jwt.verify(ForgedJwts.hmac(Map.of("alg", "HS256"), key, claims(42))))
                .isInstanceOf(UnauthorizedException.class);
        Map<String, Object> otherIssuer = claims(42);
        otherIssuer.put("iss", "someone-else");
        assertThatThrownBy(() -> jwt.verify(ForgedJwts.hmac("HS256", key, otherIssuer)))
                .isInstanceOf(UnauthorizedException.class);
        for (String claim : new String[] {"sub", "exp", "iat", "role"}) {
            Map<String, Object> missing = claims(42);
            missing.remove(claim);
            assertThatThrownBy(() -> jwt.verify(ForgedJwts.hmac("HS256", key, missing)))
                    .as(claim)
                    .isInstanceOf(UnauthorizedException.class);
        }
        Map<String, Object> numericRole = claims(42);
        numericRole.put("role", 1);
        assertThatThrownBy(() -> jwt.verify(ForgedJwts.hmac("HS256", key, numericRole)))
                .isInstanceOf(UnauthorizedException.class);
        for (Object notAVersion : new Object[] {"1", 1.5, 1L << 40}) {
            Map<String, Object> badVersion = claims(42);
            badVersion.put("ver", notAVersion);
            assertThatThrownBy(() -> jwt.verify(ForgedJwts.hmac("HS256", key, badVersion)))
                    .as("ver %s", notAVersion)
                    .isInstanceOf(UnauthorizedException.class);
        }
    }

    @Test
    void aRememberedTokenStillExpiresAndAForgedTwinIsNotTakenForIt() {
        MovableClock clock = new MovableClock(Instant.now());
        AuthSettings settings = new AuthSettings();
        settings.setSecretFile(dir.resolve("jwt-secret").toString());
        settings.setAccessTokenTtl(Duration.ofMinutes(30));
        JwtService jwt = new JwtService(new JwtSecretSource(settings), settings, clock);
        String token = jwt.issue(42, "user", 2).token();
        assertThat(jwt.verify(token)).isEqualTo(new JwtService.Claims(42, "user", 2));
        assertThat(jwt.verify(token)).as("remembered").isEqualTo(new JwtService.Claims(42, "user", 2));
        // Same header and claims, one character of the signature changed: verified afresh, and refused.
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(0);
        String twin = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
        assertThatThrownBy(() -> jwt.verify(twin)).isInstanceOf(UnauthorizedException.class);
        // Within the 60 s of leeway after its expiry it is still accepted, then refused, remembered or not.
        clock.set(clock.instant().plus(Duration.ofMinutes(30)).plusSeconds(59));
        assertThat(jwt.verify(token).userId()).isEqualTo(42);
        clock.set(clock.instant().plusSeconds(5));
        assertThatThrownBy(() -> jwt.verify(token)).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> jwt.verify(token)).isInstanceOf(UnauthorizedException.class);
        JwtService fresh = new JwtService(new JwtSecretSource(settings), settings, clock);
        assertThatThrownBy(() -> fresh.verify(token)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void theMemoStaysBounded() {
        JwtService jwt = service(Duration.ofMinutes(30));
        for (int i = 0; i < JwtService.REMEMBERED_TOKENS * 3; i++) {
            String token = jwt.issue(i, "user", 0).token();
            assertThat(jwt.verify(token).userId()).isEqualTo(i);
            assertThat(jwt.rememberedTokens()).isLessThanOrEqualTo(JwtService.REMEMBERED_TOKENS);
        }
    }

    /** A clock the test moves. */
    private static final class MovableClock extends java.time.Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static Map<String, Object> claims(long userId) {
        return ForgedJwts.claims(userId, "admin", Instant.now(), Instant.now().plusSeconds(600));
    }
}
