package com.focusapi.benchmarks.lambda;

import com.focusapi.benchmarks.lambda.probe.SdkCallProbe;
import com.focusapi.testsupport.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Which AWS SDK HTTP client the functions should use: url-connection-client (today's) or the AWS CRT client.
 * For each, a fresh JVM with the template's JAVA_TOOL_OPTIONS builds a Secrets Manager client and reads one
 * secret from moto_server ({@link SdkCallProbe}): the SDK call a function makes at its first authenticated
 * request (JWT_SECRET_ARN). The class path is the health function's jar (the SDK as the functions ship it)
 * plus, for CRT, the jars that client adds; those jars also give the size each client adds to a function.
 * Runs are interleaved, as in {@link ColdStartHarness}.
 * <p>
 * Run from the repository root after {@code mvn -B -q -DskipTests package} (which copies each client's jars
 * to benchmarks/target/sdk-http-clients/):
 * {@code java -cp benchmarks/target/benchmarks.jar com.focusapi.benchmarks.lambda.SdkHttpClientHarness [runs]}
 */
public final class SdkHttpClientHarness {
    private static final List<String> CLIENTS = List.of("url-connection-client", "aws-crt-client");
    private static final String SECRET_ID = "focus/coldstart-jwt";

    private SdkHttpClientHarness() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long started = System.nanoTime();
        Path root = Path.of("").toAbsolutePath();
        Path functionJar = root.resolve("functions/health/target/function.jar");
        Path clients = root.resolve("benchmarks/target/sdk-http-clients");
        for (Path required : List.of(functionJar, clients)) {
            if (!Files.exists(required)) {
                throw new IllegalStateException(required + " is missing: run mvn -B -q -DskipTests package first");
            }
        }
        Path work = Files.createTempDirectory("focus-sdk-clients-");
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path probe = ChildJvm.probeDirectory(work);
        String machine = ChildJvm.machineLine();

        try (MotoServer moto = MotoServer.start()) {
            try (SecretsManagerClient setup = SecretsManagerClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .endpointOverride(java.net.URI.create(moto.endpoint()))
                    .region(Region.of(MotoServer.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
                    .build()) {
                setup.createSecret(r -> r.name(SECRET_ID).secretString("x".repeat(64)));
            }
            Map<String, String> env = ChildJvm.baseEnvironment();
            env.put("JAVA_TOOL_OPTIONS", ChildJvm.LAMBDA_TOOL_OPTIONS);
            env.put("AWS_REGION", MotoServer.REGION);
            env.put("AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY);
            env.put("AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_KEY);

            Map<String, List<Path>> added = new LinkedHashMap<>();
            Map<String, List<ChildJvm.Outcome>> results = new LinkedHashMap<>();
            for (String client : CLIENTS) {
                added.put(client, jars(clients.resolve(client)));
                results.put(client, new ArrayList<>());
            }
            for (int round = 1; round <= runs; round++) {
                for (String client : CLIENTS) {
                    List<Path> classpath = new ArrayList<>(List.of(functionJar));
                    // url-connection-client is already in the function jar; CRT's jars come on top.
                    if (!"url-connection-client".equals(client)) {
                        classpath.addAll(added.get(client));
                    }
                    classpath.add(probe);
                    results.get(client)
                            .add(ChildJvm.run(
                                    classpath,
                                    env,
                                    SdkCallProbe.class.getName(),
                                    List.of(client, moto.endpoint(), SECRET_ID),
                                    logs.resolve(client + "-" + round + ".log")));
                }
            }

            System.out.printf(
                    "Secrets Manager client built + one GetSecretValue against moto_server, median of %d fresh JVMs%n%n",
                    runs);
            System.out.println(
                    "| HTTP client | jars it adds | MB added | classes added | build + 1 call median (ms) | min–max (ms) | build / call (ms, medians) | answer |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
            for (String client : CLIENTS) {
                List<ChildJvm.Outcome> outcomes = results.get(client);
                double[] totals = ChildJvm.totals(outcomes);
                ChildJvm.JarStats stats = ChildJvm.JarStats.of(added.get(client));
                System.out.printf(
                        "| %s | %s | %.2f | %,d | %s | %s–%s | %s / %s | %s |%n",
                        client,
                        String.join(
                                ", ",
                                added.get(client).stream()
                                        .map(p -> p.getFileName().toString())
                                        .toList()),
                        stats.megabytes(),
                        stats.classes(),
                        ChildJvm.ms(ChildJvm.median(totals)),
                        ChildJvm.ms(ChildJvm.min(totals)),
                        ChildJvm.ms(ChildJvm.max(totals)),
                        ChildJvm.ms(ChildJvm.median(outcomes.stream()
                                .mapToDouble(ChildJvm.Outcome::initMs)
                                .toArray())),
                        ChildJvm.ms(ChildJvm.median(outcomes.stream()
                                .mapToDouble(ChildJvm.Outcome::firstMs)
                                .toArray())),
                        String.join(
                                ", ",
                                outcomes.stream()
                                        .map(ChildJvm.Outcome::status)
                                        .distinct()
                                        .toList()));
            }
            System.out.println();
            System.out.println("Machine: " + machine + " (start), " + ChildJvm.loadAverage() + " (end)");
            System.out.printf("Child logs: %s. Total %.0f s.%n", logs, (System.nanoTime() - started) / 1e9);
        }
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
