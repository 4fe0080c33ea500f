package com.focusapi.shared.persistence;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Turns the database settings into a JDBC URL and credentials. */
public final class JdbcUrls {
    private JdbcUrls() {}

    /** A JDBC URL with user and password, whichever form {@code DATABASE_URL} took. */
    public record Target(String jdbcUrl, String user, String password) {}

    public static Target resolve(DatabaseSettings settings) {
        String url = settings.getUrl();
        if (url == null || url.isBlank()) {
            return new Target(
                    "jdbc:postgresql://" + settings.getHost() + ":" + settings.getPort() + "/" + settings.getName(),
                    settings.getUser(),
                    settings.getPassword());
        }
        if (url.startsWith("jdbc:")) {
            return new Target(url, settings.getUser(), settings.getPassword());
        }
        // postgres://user:password@host:port/db, the form Heroku-style tools and many docs print.
        URI uri = URI.create(url);
        String user = settings.getUser();
        String password = settings.getPassword();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length == 2) {
                password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new Target("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password);
    }
}
