package com.focusapi.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.focusapi.local.JourneyHosts.Reply;
import com.focusapi.testsupport.AwsEmulator;
import com.focusapi.testsupport.PostgresServer;
import com.focusapi.testsupport.RedisServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The journey across the three functions, each its own shaded jar in its own class loader (as three
 * Lambdas), defined by the real template.yaml, sharing only PostgreSQL, Redis, the JWT secret and SES (the AWS emulator):
 * register → the verification email arrives → verify → login → refresh → profile → update → record
 * activities → stats → another activity → stats follow → logout → the old refresh tokens are refused.
 */
class AccountsJourneyTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_%-]+)");

    @TempDir
    static Path dataDirectory;

    private static PostgresServer postgres;
    private static RedisServer redis;
    private static AwsEmulator aws;
    private static FunctionHost auth;
    private static FunctionHost users;
    private static FunctionHost activities;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        aws = AwsEmulator.start();
        try (SesV2Client ses = SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(aws.endpoint()))
                .build()) {
            ses.createEmailIdentity(r -> r.emailIdentity("no-reply@focus-api.dev"));
        }
        SamTemplate template = SamTemplate.load(REPO.resolve("template.yaml"));
        auth = host(template, "AuthFunction");
        users = host(template, "UsersFunction");
        activities = host(template, "ActivitiesFunction");
    }

    private static FunctionHost host(SamTemplate template, String logicalId) {
        // One secret file for the three functions: a token issued by auth is accepted by users and activities.
        // The cache is shared: users caches the statistics that a new activity (in activities) must invalidate.
        return JourneyHosts.host(
                template,
                logicalId,
                postgres,
                redis,
                dataDirectory.resolve("jwt-secret"),
                Map.of(
                        "email.sender",
                        "ses",
                        "email.ses-endpoint",
                        aws.endpoint(),
                        "email.public-url",
                        "https://app.focus.test"));
    }

    @AfterAll
    static void stop() {
        for (FunctionHost host : new FunctionHost[] {auth, users, activities}) {
            if (host != null) {
                host.close();
            }
        }
        aws.close();
        redis.close();
        postgres.close();
    }

    private static Reply call(FunctionHost host, String method, String path, Object body, String token)
            throws Exception {
        return JourneyHosts.call(host, method, path, body, token);
    }

    @Test
    void registerVerifyLoginUseAndLogout() throws Exception {
        String email = "journey@example.com";
        Reply registered = call(
                auth,
                "POST",
                "/api/auth/register",
                Map.of("email", email, "username", "journey", "password", "Secret123", "full_name", "Jo"),
                null);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

        List<AwsEmulator.SentEmail> sent = aws.sentTo(email);
        assertThat(sent).hasSize(1);
        Matcher link = TOKEN.matcher(sent.get(0).body());
        assertThat(link.find()).isTrue();
        String verification = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);

        // Before verification the account can log in but not record activities.
        String early = call(auth, "POST", "/api/auth/login", Map.of("email", email, "password", "Secret123"), null)
                .text("access_token");
        assertThat(call(activities, "POST", "/api/activities", Map.of("app_name", "X", "duration_minutes", 1), early)
                        .status())
                .isEqualTo(403);

        assertThat(call(auth, "POST", "/api/auth/verify-email", Map.of("token", verification), null)
                        .status())
                .isEqualTo(200);

        Reply login = call(auth, "POST", "/api/auth/login", Map.of("email", email, "password", "Secret123"), null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String refresh1 = login.text("refresh_token");
        Reply refreshed = call(auth, "POST", "/api/auth/refresh", Map.of("refresh_token", refresh1), null);
        assertThat(refreshed.status()).isEqualTo(200);
        String access = refreshed.text("access_token");
        String refresh2 = refreshed.text("refresh_token");

        Reply me = call(users, "GET", "/api/users/me", null, access);
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("is_verified").asBoolean()).isTrue();
        assertThat(me.text("email")).isEqualTo(email);
        Reply updated = call(
                users, "PUT", "/api/users/me", Map.of("full_name", "Jo Urney", "daily_limit_minutes", 100), access);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(call(users, "GET", "/api/users/me", null, access).text("full_name"))
                .isEqualTo("Jo Urney");

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(call(
                                activities,
                                "POST",
                                "/api/activities",
                                Map.of("app_name", "YouTube", "duration_minutes", 30, "activity_date", today),
                                access)
                        .status())
                .isEqualTo(201);
        assertThat(call(
                                activities,
                                "POST",
                                "/api/activities",
                                Map.of("app_name", "Slack", "duration_minutes", 20, "activity_date", today),
                                access)
                        .status())
                .isEqualTo(201);

        Reply stats = call(users, "GET", "/api/users/me/stats", null, access);
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        assertThat(stats.json().at("/today/total_minutes").asInt()).isEqualTo(50);
        assertThat(stats.json().get("progress_vs_limit").asDouble()).isEqualTo(50.0);
        assertThat(call(activities, "GET", "/api/activities/stats/daily?date=" + today, null, access)
                        .json()
                        .get("total_minutes")
                        .asInt())
                .isEqualTo(50);

        // Read again: served from the cache (the same answer); then another activity must invalidate it.
        assertThat(call(users, "GET", "/api/users/me/stats", null, access).json())
                .isEqualTo(stats.json());
        assertThat(call(
                                activities,
                                "POST",
                                "/api/activities",
                                Map.of("app_name", "YouTube", "duration_minutes", 10, "activity_date", today),
                                access)
                        .status())
                .isEqualTo(201);
        assertThat(call(users, "GET", "/api/users/me/stats", null, access)
                        .json()
                        .at("/today/total_minutes")
                        .asInt())
                .isEqualTo(60);
        JsonNode daily = call(activities, "GET", "/api/activities/stats/daily?date=" + today, null, access)
                .json();
        assertThat(daily.get("total_minutes").asInt()).isEqualTo(60);
        assertThat(daily.get("most_used_app").asText()).isEqualTo("YouTube");

        assertThat(call(auth, "POST", "/api/auth/logout", Map.of("refresh_token", refresh2), null)
                        .status())
                .isEqualTo(204);
        assertThat(call(auth, "POST", "/api/auth/refresh", Map.of("refresh_token", refresh2), null)
                        .status())
                .isEqualTo(401);
        assertThat(call(auth, "POST", "/api/auth/refresh", Map.of("refresh_token", refresh1), null)
                        .status())
                .isEqualTo(401);
    }
}
