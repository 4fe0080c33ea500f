package com.focusapi.shared.cache.internal;

import com.focusapi.shared.cache.RedisSettings;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * ElastiCache IAM authentication: the password is a SigV4-presigned {@code connect} request for the
 * cache, valid {@link #VALIDITY}. Lettuce asks for credentials on every (re)connect; a token is reused
 * until {@link #REFRESH_AFTER}, so a reconnect never presents one that is about to expire.
 */
public final class IamAuthTokens implements RedisCredentialsProvider {
    static final Duration VALIDITY = Duration.ofMinutes(15);
    static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    private final String user;
    private final String cacheName;
    private final boolean serverless;
    private final String region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private String token;
    private Instant issuedAt;

    public IamAuthTokens(
            String user,
            String cacheName,
            boolean serverless,
            String region,
            AwsCredentialsProvider credentials,
            Clock clock) {
        this.user = user;
        this.cacheName = cacheName.toLowerCase(Locale.ROOT);
        this.serverless = serverless;
        this.region = region;
        this.credentials = credentials;
        this.clock = clock;
    }

    static IamAuthTokens forSettings(RedisSettings settings, boolean serverless) {
        if (settings.getUser() == null || settings.getCacheName() == null) {
            throw new IllegalStateException("REDIS_IAM_AUTH needs REDIS_USER and REDIS_CACHE_NAME");
        }
        String region = settings.getRegion() != null && !settings.getRegion().isBlank()
                ? settings.getRegion()
                : DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        return new IamAuthTokens(
                settings.getUser(),
                settings.getCacheName(),
                serverless,
                region,
                DefaultCredentialsProvider.builder().build(),
                Clock.systemUTC());
    }

    @Override
    public Mono<RedisCredentials> resolveCredentials() {
        return Mono.fromSupplier(() -> RedisCredentials.just(user, token()));
    }

    /** The current token, signed anew once {@link #REFRESH_AFTER} has passed. */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(issuedAt.plus(REFRESH_AFTER))) {
            token = sign();
            issuedAt = now;
        }
        return token;
    }

    private String sign() {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("http")
                .host(cacheName)
                .encodedPath("/")
                .putRawQueryParameter("Action", "connect")
                .putRawQueryParameter("User", user);
        if (serverless) {
            request.putRawQueryParameter("ResourceType", "ServerlessCache");
        }
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveCredentials())
                        .request(request.build())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "elasticache")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, VALIDITY)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        // The token is the presigned URL without its scheme.
        return signed.request().getUri().toString().replaceFirst("^http://", "");
    }
}
