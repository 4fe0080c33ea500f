package com.focusapi.benchmarks.lambda.probe;

import java.net.URI;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The main class of the fresh JVM that {@code SdkHttpClientHarness} starts: builds a Secrets Manager client
 * over one HTTP client and reads one secret, as {@code JwtSecretSource} does on a function's first request.
 * Region and credentials come from the environment (AWS_REGION, AWS_ACCESS_KEY_ID...), as in Lambda.
 * <p>
 * Args: {@code url-connection-client} or {@code aws-crt-client}, endpoint, secret id. Each client is built in
 * a class of its own so that the JVM loads (and verifies) only the one asked for: the url-connection run
 * has no CRT jar on its class path.
 */
public final class SdkCallProbe {
    private SdkCallProbe() {}

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        SdkHttpClient http = "aws-crt-client".equals(args[0]) ? Crt.create() : UrlConnection.create();
        SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(http)
                .endpointOverride(URI.create(args[1]))
                .build();
        long t1 = System.nanoTime();
        String value = client.getSecretValue(r -> r.secretId(args[2])).secretString();
        long t2 = System.nanoTime();
        ColdStartProbe.report(t0, t1, t2, value == null ? "no-secret-string" : "secret-" + value.length() + "-chars");
        client.close();
        System.exit(0);
    }

    private static final class UrlConnection {
        static SdkHttpClient create() {
            return UrlConnectionHttpClient.create();
        }
    }

    private static final class Crt {
        static SdkHttpClient create() {
            return AwsCrtHttpClient.create();
        }
    }
}
