package com.focusapi.shared.metrics;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code PUSHGATEWAY_URL} taken apart, so the publisher and the janitor address the same Pushgateway the same
 * way: {@code [http|https://][user:password@]host[:port][/path-prefix]}. The path prefix is that of a
 * Pushgateway run with {@code --web.route-prefix} or behind a reverse proxy; user and password (percent-encoded
 * in the URL) are sent as HTTP basic authentication, never as part of a request URL.
 *
 * @param scheme     {@code http} or {@code https} ({@code http} when the URL has none)
 * @param hostPort   host and port (the scheme's default port when none is given)
 * @param pathPrefix empty, or a path starting with {@code /} and without a trailing {@code /}
 * @param user       null without credentials
 * @param password   null without credentials (empty when only a user is given)
 */
public record PushgatewayUrl(String scheme, String hostPort, String pathPrefix, String user, String password) {

    public static PushgatewayUrl parse(String url) {
        String trimmed = url.trim();
        URI uri = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        String scheme = "https".equalsIgnoreCase(uri.getScheme()) ? "https" : "http";
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("PUSHGATEWAY_URL has no host: " + url);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : "";
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new PushgatewayUrl(scheme, hostPart + ":" + port, path, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** {@code scheme://host:port/prefix}, without credentials and without a trailing {@code /}. */
    public String baseUrl() {
        return scheme + "://" + hostPort + pathPrefix;
    }

    /** The {@code Authorization} header value, when the URL carries credentials. */
    public Optional<String> authorization() {
        if (user == null) {
            return Optional.empty();
        }
        return Optional.of("Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return baseUrl() + (user != null ? " (basic auth as " + user + ")" : "");
    }
}
