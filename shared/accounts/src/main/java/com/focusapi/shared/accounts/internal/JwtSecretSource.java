package com.focusapi.shared.accounts.internal;

import com.focusapi.shared.accounts.AuthSettings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Where the HS256 signing secret comes from, read once per execution environment (the bean is a singleton
 * and the secret is kept after the first read):
 * <ul>
 *   <li>{@code JWT_SECRET_ARN}: AWS Secrets Manager (the deployed functions);</li>
 *   <li>{@code JWT_SECRET_FILE}: a local file, created with 64 random bytes the first time and reused after
 *   (the local API), so tokens survive restarts.</li>
 * </ul>
 * Neither set is a configuration error, never a silently random secret.
 */
@Singleton
public class JwtSecretSource {
    private static final Logger LOG = LoggerFactory.getLogger(JwtSecretSource.class);
    /** HS256 needs at least 256 bits of key (RFC 7518 §3.2). */
    static final int MIN_SECRET_BYTES = 32;

    private final AuthSettings settings;
    private volatile byte[] secret;

    public JwtSecretSource(AuthSettings settings) {
        this.settings = settings;
    }

    public byte[] secret() {
        byte[] current = secret;
        if (current == null) {
            synchronized (this) {
                if (secret == null) {
                    secret = load();
                }
                current = secret;
            }
        }
        return current;
    }

    private byte[] load() {
        byte[] value;
        if (notBlank(settings.getSecretArn())) {
            value = fromSecretsManager(settings.getSecretArn());
            LOG.info("JWT secret read from Secrets Manager");
        } else if (notBlank(settings.getSecretFile())) {
            value = fromFile(Path.of(settings.getSecretFile()));
        } else {
            throw new IllegalStateException(
                    "No JWT secret configured: set JWT_SECRET_ARN (AWS) or JWT_SECRET_FILE (local)");
        }
        if (value.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("The JWT secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return value;
    }

    private byte[] fromSecretsManager(String arn) {
        SecretsManagerClientBuilder builder =
                SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (notBlank(settings.getSecretsEndpoint())) {
            builder.endpointOverride(URI.create(settings.getSecretsEndpoint()));
        }
        try (SecretsManagerClient client = builder.build()) {
            String value = client.getSecretValue(r -> r.secretId(arn)).secretString();
            if (value == null) {
                throw new IllegalStateException("Secret " + arn + " has no SecretString");
            }
            return value.trim().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Creates the file atomically the first time (two processes starting together agree on one secret). */
    static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[64];
                new SecureRandom().nextBytes(random);
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path temp = Files.createTempFile(parent, ".jwt-secret", ".tmp");
                try {
                    try {
                        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException ignored) {
                        // Not a POSIX file system: the file keeps the default permissions.
                    }
                    Files.writeString(temp, Base64.getEncoder().encodeToString(random));
                    // ATOMIC_MOVE without REPLACE_EXISTING: whoever loses the race reads the winner's secret.
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                    LOG.info("JWT secret created in {}", file);
                } catch (FileAlreadyExistsException raced) {
                    LOG.debug("JWT secret file created concurrently, reusing it");
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the JWT secret file " + file, e);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
