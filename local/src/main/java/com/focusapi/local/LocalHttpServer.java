package com.focusapi.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * A small HTTP/1.1 server for the local API, in place of the JDK's {@code com.sun.net.httpserver.HttpServer},
 * which writes {@code HTTP/1.1 422 } and {@code HTTP/1.1 429 } without their reason phrase and answers a
 * URL it cannot parse ({@code ?x=%ZZ}) with its own {@code text/html} page. This one writes every status
 * line with its reason ({@code 422 Unprocessable Entity}) and answers a malformed URL with a 400 problem.
 * It hands the handler an ordinary {@link HttpExchange}, so the gateway's code is that of any JDK handler.
 * Keep-alive; bodies by {@code Content-Length} or chunked; no TLS, no pipelining guarantees beyond order.
 */
final class LocalHttpServer implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final int MAX_LINE = 16 * 1024;

    /**
     * API Gateway's HTTP API payload limit (10 MB). A larger body is refused here as the gateway refuses it
     * (there with its own {@code 413}, here a 413 problem), before it is read into memory; below it the
     * function decides (its own limit is 64 KiB, {@code RequestHygieneFilter}).
     */
    static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    /** The request cannot be read as sent: answered with {@code status} and the connection closed. */
    private static final class Refused extends IOException {
        final int status;

        Refused(int status, String detail) {
            super(detail);
            this.status = status;
        }
    }

    private final ServerSocket socket;
    private final ExecutorService executor;
    private final HttpHandler handler;
    private volatile boolean closed;

    LocalHttpServer(int port, ExecutorService executor, HttpHandler handler) throws IOException {
        this.socket = new ServerSocket();
        this.socket.setReuseAddress(true);
        this.socket.bind(new InetSocketAddress("0.0.0.0", port), 64);
        this.executor = executor;
        this.handler = handler;
    }

    int port() {
        return socket.getLocalPort();
    }

    void start() {
        Thread acceptor = new Thread(
                () -> {
                    while (!closed) {
                        try {
                            Socket connection = socket.accept();
                            executor.submit(() -> serve(connection));
                        } catch (IOException | RuntimeException e) {
                            if (!closed) {
                                System.err.println("Local API: accept failed: " + e);
                            }
                        }
                    }
                },
                "local-api-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The standard reason phrase of {@code status} ({@code Unprocessable Entity} for 422). */
    static String reason(int status) {
        String reason = REASONS.get(status);
        return reason != null
                ? reason
                : status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Status " + status;
    }

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"),
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"),
            Map.entry(303, "See Other"),
            Map.entry(304, "Not Modified"),
            Map.entry(307, "Temporary Redirect"),
            Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"),
            Map.entry(411, "Length Required"),
            Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(418, "I'm a teapot"),
            Map.entry(422, "Unprocessable Entity"),
            Map.entry(428, "Precondition Required"),
            Map.entry(429, "Too Many Requests"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = new BufferedOutputStream(connection.getOutputStream());
            boolean keepAlive = true;
            while (keepAlive && !closed) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue; // a stray CRLF between requests
                }
                String[] parts = requestLine.split(" ");
                if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                    raw(out, 400, "The request line is not HTTP/1.x: " + requestLine, "/");
                    return;
                }
                Headers headers = new Headers();
                byte[] body;
                try {
                    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                        int colon = header.indexOf(':');
                        if (header.indexOf('\u0000') >= 0) {
                            // RFC 9110 forbids NUL in a field; the function's framework would fail with a 500.
                            throw new Refused(400, "A request header contains the NUL character.");
                        }
                        if (colon > 0) {
                            headers.add(
                                    header.substring(0, colon).trim(),
                                    header.substring(colon + 1).trim());
                        }
                    }
                    body = body(in, headers);
                } catch (Refused refused) {
                    raw(out, refused.status, refused.getMessage(), "/");
                    return;
                }
                keepAlive = parts[2].equals("HTTP/1.1")
                        ? !"close".equalsIgnoreCase(headers.getFirst("Connection"))
                        : "keep-alive".equalsIgnoreCase(headers.getFirst("Connection"));
                URI uri;
                try {
                    uri = new URI(parts[1]);
                } catch (URISyntaxException e) {
                    raw(
                            out,
                            400,
                            "The request URL is not valid: " + e.getReason() + " at index " + e.getIndex()
                                    + " (a '%' must be followed by two hexadecimal digits).",
                            "/");
                    return;
                }
                Exchange exchange = new Exchange(connection, parts[0], uri, parts[2], headers, body, out, keepAlive);
                try {
                    handler.handle(exchange);
                } finally {
                    exchange.finish();
                }
                keepAlive = keepAlive && exchange.keepAlive;
            }
        } catch (SocketException | java.net.SocketTimeoutException gone) {
            // the client went away or idled out
        } catch (IOException | RuntimeException e) {
            System.err.println("Local API: connection failed: " + e);
        }
    }

    /** A problem answer written before any handler ran (the request could not be read). */
    private static void raw(OutputStream out, int status, String detail, String instance) throws IOException {
        String type = status == 413
                ? "https://focus-api.dev/problems/payload-too-large"
                : "https://focus-api.dev/problems/bad-request";
        String json = "{\"type\":\"" + type + "\",\"title\":\"" + reason(status)
                + "\",\"status\":" + status + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"instance\":\"" + instance + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: application/problem+json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("header line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static byte[] body(InputStream in, Headers headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.getFirst("Transfer-Encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                if (body.size() + size > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
                body.write(in.readNBytes((int) size));
                line(in); // the CRLF after the chunk
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers are ignored
            }
            return body.toByteArray();
        }
        String length = headers.getFirst("Content-Length");
        if (length == null) {
            return new byte[0];
        }
        long size;
        try {
            size = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            throw new Refused(400, "Content-Length is not a number: " + length);
        }
        if (size < 0) {
            throw new Refused(400, "Content-Length is negative: " + length);
        }
        if (size > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return in.readNBytes((int) size);
    }

    private static Refused tooLarge() {
        return new Refused(
                413,
                "The request body is larger than " + MAX_BODY_BYTES + " bytes, API Gateway's limit for an HTTP API.");
    }

    private static long chunkSize(String line) throws Refused {
        if (line == null) {
            return 0;
        }
        int semicolon = line.indexOf(';');
        try {
            return Long.parseLong((semicolon >= 0 ? line.substring(0, semicolon) : line).trim(), 16);
        } catch (NumberFormatException e) {
            throw new Refused(400, "A chunk size is not hexadecimal: " + line);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One request and its answer, as a JDK handler sees them. */
    private static final class Exchange extends HttpExchange {
        private final Socket connection;
        private final String method;
        private final URI uri;
        private final String protocol;
        private final Headers requestHeaders;
        private final Headers responseHeaders = new Headers();
        private final Map<String, Object> attributes = new HashMap<>();
        private final OutputStream socketOut;
        private InputStream requestBody;
        private OutputStream responseBody;
        private int status = -1;
        private boolean keepAlive;

        Exchange(
                Socket connection,
                String method,
                URI uri,
                String protocol,
                Headers requestHeaders,
                byte[] body,
                OutputStream socketOut,
                boolean keepAlive) {
            this.connection = connection;
            this.method = method;
            this.uri = uri;
            this.protocol = protocol;
            this.requestHeaders = requestHeaders;
            this.requestBody = new ByteArrayInputStream(body);
            this.socketOut = socketOut;
            this.keepAlive = keepAlive;
        }

        @Override
        public void sendResponseHeaders(int code, long length) throws IOException {
            if (status != -1) {
                throw new IOException("headers already sent");
            }
            status = code;
            boolean noBody = length == -1 || method.equalsIgnoreCase("HEAD") || code == 204 || code == 304;
            StringBuilder head = new StringBuilder("HTTP/1.1 ")
                    .append(code)
                    .append(' ')
                    .append(reason(code))
                    .append("\r\n");
            responseHeaders.set("Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
            if (length == 0 && !noBody) {
                keepAlive = false; // length unknown: the body ends with the connection
            } else if (code != 204 && code != 304) {
                responseHeaders.set("Content-Length", String.valueOf(length == -1 ? 0 : length));
            }
            if (!keepAlive) {
                responseHeaders.set("Connection", "close");
            }
            for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
                for (String value : header.getValue()) {
                    head.append(header.getKey()).append(": ").append(value).append("\r\n");
                }
            }
            socketOut.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            OutputStream target = noBody ? OutputStream.nullOutputStream() : socketOut;
            responseBody = new FilterOutputStream(target) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the connection stays open for the next request
                }
            };
        }

        void finish() throws IOException {
            if (status == -1) {
                sendResponseHeaders(500, -1);
            }
            socketOut.flush();
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return uri;
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
            try {
                if (responseBody != null) {
                    responseBody.close();
                }
            } catch (IOException ignored) {
                // the client is gone
            }
        }

        @Override
        public InputStream getRequestBody() {
            return requestBody;
        }

        @Override
        public OutputStream getResponseBody() {
            return responseBody != null ? responseBody : OutputStream.nullOutputStream();
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return (InetSocketAddress) connection.getRemoteSocketAddress();
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return (InetSocketAddress) connection.getLocalSocketAddress();
        }

        @Override
        public String getProtocol() {
            return protocol;
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void setStreams(InputStream in, OutputStream out) {
            if (in != null) {
                requestBody = in;
            }
        }

        @Override
        public com.sun.net.httpserver.HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
