package com.focusapi.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.focusapi.shared.email.EmailSettings;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The base URL of the links in account emails. {@code EMAIL_PUBLIC_URL} when set (a client app opens the
 * links); otherwise the origin the request came in on, so that a stack deployed without it mails links to
 * its own API, which serves the pages they open ({@link EmailLinkPages}). The template cannot pass the API's
 * URL to the function: the API's definition names the function (a circular dependency).
 *
 * <p>The origin is {@code requestContext.domainName}, which API Gateway sets to the domain the request
 * reached, and not the {@code Host} header a client writes: a forgot-password request with a forged Host
 * would otherwise mail the victim a reset link to the forger's site (reset-link poisoning). A named stage
 * ({@code https://id.execute-api…/prod/…}, where {@code rawPath} starts with the stage) is kept in the base;
 * {@code $default} has none.
 */
@Singleton
public class EmailLinkBase {
    /** Without a request to read (an event that is not API Gateway's): the local API's default address. */
    static final String WITHOUT_REQUEST = "http://localhost:8000";
    /** host, host:port, or [v6]:port; nothing that could end the link early or add to the email's text. */
    private static final Pattern DOMAIN =
            Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    /** A stage name as API Gateway allows it (letters, digits, '-', '_'). */
    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]+");

    private final EmailSettings settings;

    public EmailLinkBase(EmailSettings settings) {
        this.settings = settings;
    }

    /** The base of the links sent while handling the current request, without a trailing slash. */
    public String current() {
        String configured = settings.getPublicUrl();
        if (configured != null && !configured.isBlank()) {
            return withoutTrailingSlash(configured.trim());
        }
        return ServerRequestContext.currentRequest()
                .flatMap(EmailLinkBase::eventOf)
                .flatMap(EmailLinkBase::originOf)
                .orElse(WITHOUT_REQUEST);
    }

    private static Optional<APIGatewayV2HTTPEvent> eventOf(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event) {
            return Optional.of(event);
        }
        return Optional.empty();
    }

    /**
     * {@code scheme://domainName[/stage]} of a payload 2.0 event. The scheme is https (API Gateway serves
     * nothing else) unless {@code x-forwarded-proto} says http, which only the local API does.
     */
    static Optional<String> originOf(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null
                || context.getDomainName() == null
                || !DOMAIN.matcher(context.getDomainName()).matches()) {
            return Optional.empty();
        }
        String scheme = "http".equals(header(event.getHeaders(), "x-forwarded-proto")) ? "http" : "https";
        String stage = context.getStage();
        String prefix = "";
        if (stage != null
                && !stage.equals("$default")
                && STAGE.matcher(stage).matches()
                && event.getRawPath() != null
                && event.getRawPath().startsWith("/" + stage + "/")) {
            prefix = "/" + stage;
        }
        return Optional.of(scheme + "://" + context.getDomainName().toLowerCase(Locale.ROOT) + prefix);
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                // Repeated headers arrive joined with commas, and a proxy appends its own value to what the
                // client sent: the last value is the one to believe.
                String value = header.getValue();
                return value.substring(value.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
