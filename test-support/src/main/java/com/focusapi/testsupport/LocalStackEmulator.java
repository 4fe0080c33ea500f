package com.focusapi.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack through Testcontainers, for {@link AwsEmulator} on a machine with a Docker engine. The image is
 * pinned (a moving tag would change the suites' AWS under them); {@code LOCALSTACK_IMAGE} overrides it. Sent
 * emails are read from LocalStack's {@code /_aws/ses} endpoint, as moto's from its data dump.
 */
public final class LocalStackEmulator implements AwsEmulator {
    static final String NAME = "localstack";
    /** The last release of the community image before LocalStack asked for an account to pull it. */
    static final String IMAGE = "localstack/localstack:4.4.0";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalStackContainer container;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    static LocalStackEmulator start() {
        String image = System.getenv().getOrDefault("LOCALSTACK_IMAGE", IMAGE);
        LocalStackContainer container = new LocalStackContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withServices(Service.SES, Service.SECRETSMANAGER, Service.CLOUDWATCH);
        container.start();
        return new LocalStackEmulator(container);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String endpoint() {
        return container.getEndpoint().toString();
    }

    @Override
    public String region() {
        return container.getRegion();
    }

    @Override
    public String accessKey() {
        return container.getAccessKey();
    }

    @Override
    public String secretKey() {
        return container.getSecretKey();
    }

    @Override
    public List<SentEmail> sentEmails() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/_aws/ses"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<SentEmail> result = new ArrayList<>();
            for (JsonNode m : new ObjectMapper().readTree(response.body()).path("messages")) {
                List<String> to = new ArrayList<>();
                m.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
                // {"text_part": …, "html_part": …}, either one null when the email has no such part.
                JsonNode body = m.path("Body");
                String text = body.path("text_part").isTextual()
                        ? body.path("text_part").asText()
                        : body.path("html_part").asText("");
                result.add(new SentEmail(to, m.path("Subject").asText(), text));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
