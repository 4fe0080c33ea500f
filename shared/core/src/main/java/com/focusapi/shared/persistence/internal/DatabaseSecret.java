package com.focusapi.shared.persistence.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The database credentials kept in AWS Secrets Manager ({@code DATABASE_SECRET_ARN}), read once when the
 * pool is built. Accepts the JSON that RDS and RDS Proxy use ({@code {"username":…,"password":…}}) or a bare
 * password string.
 */
public final class DatabaseSecret {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseSecret() {}

    /** User (null when the secret holds only a password) and password. */
    public record Credentials(String user, String password) {}

    public static Credentials read(String secretArn, String endpointOverride) {
        SecretsManagerClientBuilder builder =
                SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (endpointOverride != null && !endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride));
        }
        try (SecretsManagerClient client = builder.build()) {
            String value = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
            if (value == null) {
                throw new IllegalStateException("Secret " + secretArn + " has no SecretString");
            }
            return parse(value);
        }
    }

    public static Credentials parse(String value) {
        String trimmed = value.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                String user = node.hasNonNull("username") ? node.get("username").asText() : null;
                if (!node.hasNonNull("password")) {
                    throw new IllegalStateException("The database secret has no \"password\" field");
                }
                return new Credentials(user, node.get("password").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("The database secret is not valid JSON", e);
            }
        }
        return new Credentials(null, trimmed);
    }
}
