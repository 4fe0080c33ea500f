package com.focusapi.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code redis-server} (Debian's Redis 7, installed by the test command) on a loopback port, without
 * persistence. {@link #stop()} kills it, {@link #startAgain()} brings it back on the same port: what the
 * degradation tests need.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final List<String> extraArgs;
    private final int tlsPort;
    private Process process;

    private RedisServer(int port, List<String> extraArgs) {
        this(port, extraArgs, 0);
    }

    private RedisServer(int port, List<String> extraArgs, int tlsPort) {
        this.port = port;
        this.extraArgs = extraArgs;
        this.tlsPort = tlsPort;
    }

    /**
     * A server that also listens with TLS on {@link #tlsPort()} (certificates from {@link TlsFiles}); the
     * plain port stays open for the readiness check.
     */
    public static RedisServer startTls(TlsFiles tls, String... extraArgs) {
        int tlsPort = FreePorts.find();
        List<String> args = new ArrayList<>(List.of(
                "--tls-port",
                String.valueOf(tlsPort),
                "--tls-cert-file",
                tls.cert().toString(),
                "--tls-key-file",
                tls.key().toString(),
                "--tls-ca-cert-file",
                tls.caCert().toString(),
                "--tls-auth-clients",
                "no"));
        args.addAll(List.of(extraArgs));
        RedisServer server = new RedisServer(FreePorts.find(), List.copyOf(args), tlsPort);
        server.startAgain();
        return server;
    }

    public static RedisServer start(String... extraArgs) {
        RedisServer server = new RedisServer(FreePorts.find(), List.of(extraArgs));
        server.startAgain();
        return server;
    }

    /** The {@code redis-server} to run: {@code REDIS_SERVER_BIN} or the first on the PATH. */
    public static String binary() {
        String configured = System.getenv("REDIS_SERVER_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        for (String fallback : List.of("/usr/bin/redis-server", "/usr/sbin/redis-server")) {
            if (new File(fallback).canExecute()) {
                return fallback;
            }
        }
        throw new IllegalStateException(
                "redis-server not found: install it (apt-get install redis-server) or set REDIS_SERVER_BIN");
    }

    public synchronized void startAgain() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                binary(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
                "--daemonize",
                "no"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (ping()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** Kills the server (SIGKILL): the cache disappears the way a crashed node does. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): it keeps its connections but answers nothing, like a hung node. */
    public synchronized void freeze() {
        signal("-STOP");
    }

    /** Resumes a {@link #freeze() frozen} server (SIGCONT). */
    public synchronized void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        if (process == null) {
            throw new IllegalStateException("not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return "+PONG".equals(line);
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** The TLS port of a {@link #startTls} server. */
    public int tlsPort() {
        if (tlsPort == 0) {
            throw new IllegalStateException("not started with TLS");
        }
        return tlsPort;
    }

    public String tlsUrl() {
        return "rediss://127.0.0.1:" + tlsPort() + "/0";
    }

    /** Runs {@code redis-cli} against this server and returns its output (for assertions on the server's view). */
    public String cli(String... args) {
        return RedisCluster.cli(port, args);
    }

    /**
     * The data commands this server ran while {@code action} ran, by name ({@code get}, {@code mget}, ...), read
     * from {@code INFO commandstats} (reset first): what a request cost in Redis commands, as the server saw it.
     * The INFO and CONFIG commands of this method itself are left out.
     */
    public Map<String, Long> commandsDuring(Runnable action) {
        cli("config", "resetstat");
        action.run();
        Map<String, Long> calls = new TreeMap<>();
        Matcher m = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(cli("info", "commandstats"));
        while (m.find()) {
            String command = m.group(1);
            if (!command.equals("info") && !command.startsWith("config")) {
                calls.put(command, Long.parseLong(m.group(2)));
            }
        }
        return calls;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
