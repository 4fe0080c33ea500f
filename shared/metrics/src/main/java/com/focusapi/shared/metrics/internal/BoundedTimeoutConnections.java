package com.focusapi.shared.metrics.internal;

import io.prometheus.metrics.exporter.pushgateway.HttpConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.URL;
import java.util.List;
import java.util.Map;

/**
 * The Pushgateway client sets 10-second timeouts on every connection after creating it; a dead or slow
 * Pushgateway would then hold the publisher (and, in Lambda, the environment) that long. These connections
 * cap whatever timeout is asked for at the configured bound.
 */
final class BoundedTimeoutConnections implements HttpConnectionFactory {
    private final int capMillis;

    BoundedTimeoutConnections(int capMillis) {
        this.capMillis = capMillis;
    }

    @Override
    public HttpURLConnection create(URL url) throws IOException {
        HttpURLConnection real = (HttpURLConnection) url.openConnection();
        real.setConnectTimeout(capMillis);
        real.setReadTimeout(capMillis);
        return new Capped(url, real, capMillis);
    }

    /** Forwards what the Pushgateway client calls; only the timeouts are changed. */
    private static final class Capped extends HttpURLConnection {
        private final HttpURLConnection real;
        private final int cap;

        Capped(URL url, HttpURLConnection real, int cap) {
            super(url);
            this.real = real;
            this.cap = cap;
        }

        @Override
        public void setConnectTimeout(int timeout) {
            real.setConnectTimeout(bound(timeout));
        }

        @Override
        public void setReadTimeout(int timeout) {
            real.setReadTimeout(bound(timeout));
        }

        @Override
        public int getConnectTimeout() {
            return real.getConnectTimeout();
        }

        @Override
        public int getReadTimeout() {
            return real.getReadTimeout();
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            real.setRequestMethod(method);
        }

        @Override
        public String getRequestMethod() {
            return real.getRequestMethod();
        }

        @Override
        public void setDoOutput(boolean doOutput) {
            real.setDoOutput(doOutput);
        }

        @Override
        public void setDoInput(boolean doInput) {
            real.setDoInput(doInput);
        }

        @Override
        public void setRequestProperty(String key, String value) {
            real.setRequestProperty(key, value);
        }

        @Override
        public void addRequestProperty(String key, String value) {
            real.addRequestProperty(key, value);
        }

        @Override
        public String getRequestProperty(String key) {
            return real.getRequestProperty(key);
        }

        @Override
        public Map<String, List<String>> getRequestProperties() {
            return real.getRequestProperties();
        }

        @Override
        public void connect() throws IOException {
            real.connect();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return real.getOutputStream();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return real.getInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return real.getErrorStream();
        }

        @Override
        public int getResponseCode() throws IOException {
            return real.getResponseCode();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return real.getResponseMessage();
        }

        @Override
        public String getHeaderField(String name) {
            return real.getHeaderField(name);
        }

        @Override
        public String getHeaderField(int n) {
            return real.getHeaderField(n);
        }

        @Override
        public String getHeaderFieldKey(int n) {
            return real.getHeaderFieldKey(n);
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return real.getHeaderFields();
        }

        @Override
        public String getContentType() {
            return real.getContentType();
        }

        @Override
        public void disconnect() {
            real.disconnect();
        }

        @Override
        public boolean usingProxy() {
            return real.usingProxy();
        }

        private int bound(int timeout) {
            return timeout <= 0 ? cap : Math.min(timeout, cap);
        }
    }
}
