package com.focusapi.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs built by hand (JSON, base64url, HMAC from the JDK), independent of the JWT library the product uses,
 * for suites that check what the verifier refuses: {@code alg: none}, another HMAC, another secret, expired.
 * The header of {@link #hmac} is the one the access tokens carry ({@code typ} {@code at+jwt}).
 */
public final class ForgedJwts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ForgedJwts() {}

    /** The claims of an access token of issuer {@code focus-api}; mutable, in the usual order. */
    public static Map<String, Object> claims(long userId, String role, Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", Long.toString(userId));
        claims.put("iss", "focus-api");
        claims.put("role", role);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        return claims;
    }

    /** {@code alg: none}: header and payload, then the empty signature ({@code "h.p."}). */
    public static String unsigned(Map<String, Object> claims) {
        return encode(Map.of("alg", "none")) + "." + encode(claims) + ".";
    }

    /** Signed with {@code HS256}, {@code HS384} or {@code HS512} and {@code key}, header {@code typ} {@code at+jwt}. */
    public static String hmac(String alg, byte[] key, Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "at+jwt");
        header.put("alg", alg);
        return hmac(header, key, claims);
    }

    /** Signed with the HMAC its {@code alg} names ({@code HS256}, {@code HS384}, {@code HS512}), whatever else the header says. */
    public static String hmac(Map<String, Object> header, byte[] key, Map<String, Object> claims) {
        String alg = String.valueOf(header.get("alg"));
        String signingInput = encode(header) + "." + encode(claims);
        try {
            String javaName = "Hmac" + alg.replace("HS", "SHA");
            Mac mac = Mac.getInstance(javaName);
            mac.init(new SecretKeySpec(key, javaName));
            return signingInput + "."
                    + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with " + alg, e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
