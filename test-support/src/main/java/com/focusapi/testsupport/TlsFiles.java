package com.focusapi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made with openssl at
 * test time (nothing secret is committed). The CA file is what a client trusts.
 */
public record TlsFiles(Path caCert, Path cert, Path key) {

    public static TlsFiles generate() {
        try {
            Path dir = Files.createTempDirectory("focus-tls");
            Path caKey = dir.resolve("ca.key");
            Path caCert = dir.resolve("ca.crt");
            Path key = dir.resolve("server.key");
            Path csr = dir.resolve("server.csr");
            Path cert = dir.resolve("server.crt");
            Path ext = dir.resolve("san.ext");
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            run(
                    dir,
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "1",
                    "-subj",
                    "/CN=Focus Test CA",
                    "-keyout",
                    caKey.toString(),
                    "-out",
                    caCert.toString());
            run(
                    dir,
                    "openssl",
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-subj",
                    "/CN=localhost",
                    "-keyout",
                    key.toString(),
                    "-out",
                    csr.toString());
            run(
                    dir,
                    "openssl",
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    caCert.toString(),
                    "-CAkey",
                    caKey.toString(),
                    "-CAcreateserial",
                    "-days",
                    "1",
                    "-extfile",
                    ext.toString(),
                    "-out",
                    cert.toString());
            return new TlsFiles(caCert, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
