package com.focusapi.shared.accounts;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * JWT settings ({@code JWT_*}). The signing secret comes from Secrets Manager in AWS ({@code JWT_SECRET_ARN},
 * read once per execution environment) or from a file created once and reused ({@code JWT_SECRET_FILE}, the
 * local API). There is deliberately no "random secret per process" fallback: tokens must survive cold starts
 * and be accepted by every function.
 */
@ConfigurationProperties("jwt")
public class AuthSettings {
    private @Nullable String secretArn;
    private @Nullable String secretFile;
    /** Endpoint override of Secrets Manager (tests: moto). Empty in AWS. */
    private @Nullable String secretsEndpoint;

    private String issuer = "focus-api";
    private Duration accessTokenTtl = Duration.ofMinutes(30);
    private Duration refreshTokenTtl = Duration.ofDays(7);
    /** The absolute life of a refresh-token family (a login), however often it is refreshed. */
    private Duration refreshFamilyTtl = Duration.ofDays(30);

    public @Nullable String getSecretArn() {
        return secretArn;
    }

    public void setSecretArn(@Nullable String secretArn) {
        this.secretArn = secretArn;
    }

    public @Nullable String getSecretFile() {
        return secretFile;
    }

    public void setSecretFile(@Nullable String secretFile) {
        this.secretFile = secretFile;
    }

    public @Nullable String getSecretsEndpoint() {
        return secretsEndpoint;
    }

    public void setSecretsEndpoint(@Nullable String secretsEndpoint) {
        this.secretsEndpoint = secretsEndpoint;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public Duration getAccessTokenTtl() {
        return accessTokenTtl;
    }

    public void setAccessTokenTtl(Duration accessTokenTtl) {
        this.accessTokenTtl = accessTokenTtl;
    }

    public Duration getRefreshTokenTtl() {
        return refreshTokenTtl;
    }

    public void setRefreshTokenTtl(Duration refreshTokenTtl) {
        this.refreshTokenTtl = refreshTokenTtl;
    }

    public Duration getRefreshFamilyTtl() {
        return refreshFamilyTtl;
    }

    public void setRefreshFamilyTtl(Duration refreshFamilyTtl) {
        this.refreshFamilyTtl = refreshFamilyTtl;
    }
}
