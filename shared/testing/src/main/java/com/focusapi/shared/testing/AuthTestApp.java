package com.focusapi.shared.testing;

import com.focusapi.testsupport.AwsEmulator;
import com.focusapi.testsupport.RedisServer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * A function that sends account emails (the auth function), as a {@link FunctionTestApp} whose SES is the AWS emulator (moto or LocalStack):
 * the emails are read back from the emulator, and with them the links' tokens.
 */
public class AuthTestApp extends FunctionTestApp {
    public static final String FROM = "no-reply@focus-api.dev";
    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_%-]+)");

    public final AwsEmulator aws;

    public AuthTestApp(Map<String, Object> extra) {
        this(AwsEmulator.start(), null, extra);
    }

    private AuthTestApp(AwsEmulator aws, RedisServer redis, Map<String, Object> extra) {
        super(redis, sendingThrough(aws, extra));
        this.aws = aws;
    }

    /** With the cache on, over a redis-server of its own that closes with the app. */
    public static AuthTestApp withCache() {
        return new AuthTestApp(AwsEmulator.start(), RedisServer.start(), Map.of());
    }

    private static Map<String, Object> sendingThrough(AwsEmulator aws, Map<String, Object> extra) {
        try (SesV2Client ses = SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(aws.endpoint()))
                .build()) {
            // Like SES's sandbox, the emulators only send from a verified identity.
            ses.createEmailIdentity(r -> r.emailIdentity(FROM));
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("email.sender", "ses");
        properties.put("email.ses-endpoint", aws.endpoint());
        properties.put("email.from", FROM);
        properties.put("email.public-url", "https://app.focus.test");
        properties.putAll(extra);
        return properties;
    }

    /** The token of the last email sent to {@code address} (verification or reset link). */
    public String lastTokenSentTo(String address) {
        var sent = aws.sentTo(address);
        if (sent.isEmpty()) {
            throw new AssertionError("no email sent to " + address);
        }
        Matcher m = TOKEN.matcher(sent.get(sent.size() - 1).body());
        if (!m.find()) {
            throw new AssertionError("no link in the email to " + address);
        }
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        super.close();
        aws.close();
    }
}
