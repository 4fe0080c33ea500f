package com.focusapi.auth;

import com.focusapi.testsupport.JsonApi;
import com.focusapi.testsupport.LambdaHttp;
import com.focusapi.testsupport.MotoServer;
import com.focusapi.testsupport.PostgresServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The auth function as Lambda runs it (its real handler class), wired to a real PostgreSQL and to moto for
 * SES, with a JWT secret file.
 */
final class AuthTestApp implements AutoCloseable {
    static final String FROM = "no-reply@focus-api.dev";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_%-]+)");

    final PostgresServer postgres;
    final MotoServer moto;
    final APIGatewayV2HTTPEventFunction handler;
    final JsonApi api;

    AuthTestApp(Map<String, Object> extra) {
        postgres = PostgresServer.start();
        moto = MotoServer.start();
        try (SesV2Client ses = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(moto.endpoint())).build()) {
            // Like SES's sandbox, moto only sends from a verified identity.
            ses.createEmailIdentity(r -> r.emailIdentity(FROM));
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.server.port", -1);
        properties.put("database.url", postgres.jdbcUrl());
        properties.put("database.user", postgres.user());
        properties.put("database.migrate", true);
        properties.put("cache.enabled", false);
        properties.put("email.sender", "ses");
        properties.put("email.ses-endpoint", moto.endpoint());
        properties.put("email.from", FROM);
        properties.put("email.public-url", "https://app.focus.test");
        try {
            properties.put("jwt.secret-file", Files.createTempDirectory("focus-jwt").resolve("secret").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.putAll(extra);
        ApplicationContext context = new LambdaApplicationContextBuilder().properties(properties).build();
        handler = new APIGatewayV2HTTPEventFunction(context);
        api = new JsonApi(new LambdaHttp(handler));
    }

    /** The token of the last email sent to {@code address} (verification or reset link). */
    String lastTokenSentTo(String address) {
        var sent = moto.sentTo(address);
        if (sent.isEmpty()) {
            throw new AssertionError("no email sent to " + address);
        }
        Matcher m = TOKEN.matcher(sent.get(sent.size() - 1).body());
        if (!m.find()) {
            throw new AssertionError("no link in the email to " + address);
        }
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        handler.close();
        moto.close();
        postgres.close();
    }
}
