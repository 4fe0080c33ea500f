package com.focusapi.auth;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * A small self-contained HTML page (no script, no external resource) for {@link EmailLinkPages}. The links
 * carry one-time tokens, hence: never cached ({@code no-store}), never sent on as a referrer, never framed,
 * and a content security policy that allows nothing but the inline style and posting the form back here.
 */
final class HtmlPage {
    static final String SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;"
            + "padding:0 1rem;line-height:1.5}label,input,button{display:block;margin:.5rem 0}";

    private HtmlPage() {}

    static MutableHttpResponse<String> response(HttpStatus status, String title, String contentHtml) {
        return HttpResponse.<String>status(status)
                .contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("Content-Security-Policy", SECURITY_POLICY)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .body("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                        + "<meta name=\"robots\" content=\"noindex\"><title>" + escape(title)
                        + " · Focus API</title><style>" + STYLE + "</style></head><body><h1>" + escape(title)
                        + "</h1>" + contentHtml + "</body></html>\n");
    }

    static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>";
    }

    /** Text for an element or a quoted attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
