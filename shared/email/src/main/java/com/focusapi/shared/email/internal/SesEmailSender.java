package com.focusapi.shared.email.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.focusapi.shared.email.EmailMessage;
import com.focusapi.shared.email.EmailSender;
import com.focusapi.shared.email.EmailSettings;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * {@code EMAIL_SENDER=ses}: Amazon SES v2 {@code SendEmail}, as one SigV4-signed HTTPS call to
 * {@code POST https://email.{region}.amazonaws.com/v2/email/outbound-emails}. Region and credentials come
 * from the Lambda environment (the SDK's default chains); {@code EMAIL_SES_ENDPOINT} points it at an emulator
 * in tests (or at another partition's or a FIPS endpoint). Everything is set up once per execution
 * environment, on first use, so a cold start that sends no email does not pay for it.
 *
 * <p>Why not the generated {@code sesv2} client: it was 3.2 MB of the auth function's jar for this one call.
 * The parts that matter for security are still the SDK's: the SigV4 signer ({@code http-auth-aws}) and the
 * credential and region chains. A non-2xx answer throws {@link SesException} with SES's error type and
 * message. There are no automatic retries (the generated client made up to 3 attempts): the caller,
 * {@code EmailService}, counts the failure and the user can ask for the email again.
 */
@Singleton
@Requires(property = "email.sender", value = "ses")
public class SesEmailSender implements EmailSender {
    static final String PATH = "/v2/email/outbound-emails";
    /** SES v2's SigV4 signing name (not "sesv2"). */
    private static final String SIGNING_NAME = "ses";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Set by the JDK client itself (it refuses them); the signer's Host is the same value the JDK sends. */
    private static final Set<String> RESTRICTED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmailSettings settings;
    private volatile Connection connection;

    /** What the first send sets up: where to post, how to sign, what to send with. */
    private record Connection(
            URI uri, String region, DefaultCredentialsProvider credentials, AwsV4HttpSigner signer, HttpClient http) {}

    public SesEmailSender(EmailSettings settings) {
        this.settings = settings;
    }

    @Override
    public void send(EmailMessage message) throws IOException, InterruptedException {
        Connection c = connection();
        byte[] body = JSON.writeValueAsBytes(requestBody(settings.getFrom(), message));
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(c.uri())
                .putHeader("Content-Type", "application/json")
                .build();
        SignedRequest signed = c.signer()
                .sign(r -> r.identity(c.credentials().resolveCredentials())
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, c.region()));
        HttpRequest.Builder request = HttpRequest.newBuilder(c.uri())
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<String> response = c.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw SesException.from(
                    response.statusCode(),
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                    response.body());
        }
    }

    /** SES v2's {@code SendEmailRequest} as JSON: one recipient, a plain-text UTF-8 subject and body. */
    static ObjectNode requestBody(String from, EmailMessage message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("FromEmailAddress", from);
        root.putObject("Destination").putArray("ToAddresses").add(message.to());
        ObjectNode simple = root.putObject("Content").putObject("Simple");
        simple.putObject("Subject").put("Data", message.subject()).put("Charset", "UTF-8");
        simple.putObject("Body").putObject("Text").put("Data", message.body()).put("Charset", "UTF-8");
        return root;
    }

    private Connection connection() {
        Connection current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    String region =
                            new DefaultAwsRegionProviderChain().getRegion().id();
                    connection = new Connection(
                            endpoint(region),
                            region,
                            DefaultCredentialsProvider.builder().build(),
                            AwsV4HttpSigner.create(),
                            HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .connectTimeout(CONNECT_TIMEOUT)
                                    .build());
                }
                current = connection;
            }
        }
        return current;
    }

    private URI endpoint(String region) {
        String override = settings.getSesEndpoint();
        String base = override != null && !override.isBlank()
                ? override.strip().replaceAll("/+$", "")
                : "https://email." + region + ".amazonaws.com";
        return URI.create(base + PATH);
    }

    @PreDestroy
    void close() {
        Connection current = connection;
        if (current != null) {
            current.credentials().close();
        }
    }

    /** SES refused the email: its HTTP status, error type (e.g. {@code MessageRejected}) and message. */
    public static final class SesException extends RuntimeException {
        private final int status;
        private final String errorType;

        SesException(int status, String errorType, String message) {
            super("SES SendEmail failed with HTTP " + status + " " + errorType + ": " + message);
            this.status = status;
            this.errorType = errorType;
        }

        public int status() {
            return status;
        }

        public String errorType() {
            return errorType;
        }

        /**
         * The error as restJson1 carries it: the type in {@code x-amzn-ErrorType} ({@code Type:namespace}) or in
         * the body's {@code __type}/{@code code} ({@code namespace#Type}), the text in {@code message}.
         */
        static SesException from(int status, String typeHeader, String body) {
            JsonNode json;
            try {
                json = JSON.readTree(body == null ? "" : body);
            } catch (IOException notJson) {
                json = null;
            }
            String type = typeHeader;
            if (type == null || type.isBlank()) {
                type = json == null ? null : text(json, "__type", "code", "Code");
            }
            type = type == null || type.isBlank()
                    ? "UnknownError"
                    : type.replaceFirst(":.*$", "").replaceFirst("^.*#", "");
            String message = json == null ? null : text(json, "message", "Message");
            if (message == null) {
                String raw = body == null ? "" : body.strip();
                message = raw.isEmpty() ? "(no message)" : raw.substring(0, Math.min(raw.length(), 300));
            }
            return new SesException(status, type, message);
        }

        private static String text(JsonNode json, String... names) {
            for (String name : names) {
                JsonNode value = json.get(name);
                if (value != null && value.isTextual()) {
                    return value.asText();
                }
            }
            return null;
        }
    }
}
