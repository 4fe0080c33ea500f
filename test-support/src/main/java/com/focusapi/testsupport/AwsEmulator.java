package com.focusapi.testsupport;

import java.util.List;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * The AWS APIs the suites call (SES v2, Secrets Manager, CloudWatch), emulated by a real HTTP server: LocalStack
 * in a container when a Docker engine is available, moto_server otherwise (CI here: no Docker). Tests point
 * their clients at {@link #endpoint()} with {@link #region()} and the fake credentials, and read the emails
 * SES accepted with {@link #sentEmails()}; the same tests run on either.
 *
 * <p>{@code AWS_EMULATOR=moto} or {@code AWS_EMULATOR=localstack} (environment or system property
 * {@code aws.emulator}) forces one; {@link #start()} also puts the credentials and region in the system
 * properties the SDK's default chains read (unless already set), for code that builds its clients from the
 * defaults, as the functions do.
 */
public interface AwsEmulator extends AutoCloseable {
    /** The emulator {@link #start()} picks: forced, else LocalStack with a Docker engine, else moto. */
    static String choice() {
        String forced = System.getProperty("aws.emulator", System.getenv("AWS_EMULATOR"));
        if (forced != null && !forced.isBlank()) {
            String name = forced.trim().toLowerCase(Locale.ROOT);
            if (!name.equals(MotoServer.NAME) && !name.equals(LocalStackEmulator.NAME)) {
                throw new IllegalArgumentException("AWS_EMULATOR must be moto or localstack, not " + forced);
            }
            return name;
        }
        return Docker.AVAILABLE ? LocalStackEmulator.NAME : MotoServer.NAME;
    }

    /** A fresh emulator, with nothing in it. */
    static AwsEmulator start() {
        String choice = choice();
        AwsEmulator emulator = choice.equals(LocalStackEmulator.NAME) ? LocalStackEmulator.start() : MotoServer.start();
        // Which one ran is part of a suite's result (the README says which one CI uses).
        org.slf4j.LoggerFactory.getLogger(AwsEmulator.class)
                .info(
                        "AWS emulator: {} at {}{}",
                        choice,
                        emulator.endpoint(),
                        Docker.AVAILABLE ? "" : " (no Docker engine)");
        setIfAbsent("aws.accessKeyId", emulator.accessKey());
        setIfAbsent("aws.secretAccessKey", emulator.secretKey());
        setIfAbsent("aws.region", emulator.region());
        return emulator;
    }

    /** {@code moto} or {@code localstack}. */
    String name();

    /** The endpoint override for every SDK client (one endpoint serves every service). */
    String endpoint();

    String region();

    String accessKey();

    String secretKey();

    /** One email SES accepted. */
    record SentEmail(List<String> to, String subject, String body) {}

    /** The emails sent through SES so far, oldest first. */
    List<SentEmail> sentEmails();

    /** The emails sent to {@code address}, oldest first. */
    default List<SentEmail> sentTo(String address) {
        return sentEmails().stream()
                .filter(e -> e.to().stream().anyMatch(address::equalsIgnoreCase))
                .toList();
    }

    @Override
    void close();

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Asked once per JVM: Testcontainers probes every way to reach a Docker engine, which takes a moment. */
    final class Docker {
        static final boolean AVAILABLE = probe();

        private Docker() {}

        private static boolean probe() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError noDocker) {
                return false;
            }
        }
    }
}
