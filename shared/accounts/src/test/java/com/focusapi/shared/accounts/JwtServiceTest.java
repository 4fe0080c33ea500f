package com.focusapi.shared.accounts;

import com.focusapi.shared.accounts.internal.JwtSecretSource;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        JwtService.AccessToken token = jwt.issue(42, "admin");
        assertThat(token.expiresInSeconds()).isEqualTo(1800);
        assertThat(jwt.verify(token.token())).isEqualTo(new JwtService.Claims(42, "admin"));
    }

    @Test
    void algNoneIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        String unsigned = new PlainJWT(claims(42).build()).serialize();
        assertThatThrownBy(() -> jwt.verify(unsigned)).isInstanceOf(UnauthorizedException.class);
        // The same with an empty signature appended, the classic alg:none bypass.
        assertThatThrownBy(() -> jwt.verify(unsigned + "c2ln")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void otherAlgorithmWithTheSameKeyIsRejected() throws Exception {
        JwtService jwt = service(Duration.ofMinutes(30));
        SignedJWT hs512 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512).type(new JOSEObjectType("at+jwt")).build(),
                claims(42).build());
        byte[] key = secret();
        hs512.sign(new MACSigner(key.length >= 64 ? key : Base64.getEncoder().encode(key)));
        assertThatThrownBy(() -> jwt.verify(hs512.serialize())).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void tokenSignedWithAnotherSecretIsRejected() throws Exception {
        JwtService jwt = service(Duration.ofMinutes(30));
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
                claims(42).build());
        forged.sign(new MACSigner("an-attacker-secret-that-is-long-enough-0123456789".getBytes()));
        assertThatThrownBy(() -> jwt.verify(forged.serialize())).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void tamperedPayloadIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        String[] parts = jwt.issue(42, "user").token().split("\\.");
        String admin = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"user\"", "\"admin\"").getBytes());
        assertThatThrownBy(() -> jwt.verify(parts[0] + "." + admin + "." + parts[2])).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void expiredTokenIsRejected() {
        // A lifetime in the past, beyond the 60 s clock-skew allowance, gives an already expired token.
        String expired = service(Duration.ofMinutes(-5)).issue(42, "user").token();
        assertThatThrownBy(() -> service(Duration.ofMinutes(30)).verify(expired)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void garbageIsRejected() {
        JwtService jwt = service(Duration.ofMinutes(30));
        assertThatThrownBy(() -> jwt.verify("not.a.jwt")).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> jwt.verify("")).isInstanceOf(UnauthorizedException.class);
    }

    private static JWTClaimsSet.Builder claims(long userId) {
        return new JWTClaimsSet.Builder().subject(Long.toString(userId)).issuer("focus-api").claim("role", "admin")
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 600_000));
    }
}
