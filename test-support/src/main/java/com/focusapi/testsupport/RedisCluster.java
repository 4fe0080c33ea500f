package com.focusapi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of {@code masters} nodes (no replicas) on loopback: each a {@link RedisServer} with
 * {@code --cluster-enabled yes}, joined and given all 16384 slots by {@code redis-cli --cluster create}.
 * ElastiCache Serverless only speaks cluster mode, so the cache's cluster path is tested against this.
 */
public final class RedisCluster implements AutoCloseable {
    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    public static RedisCluster start(int masters) {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                Path dir = Files.createTempDirectory("focus-redis-cluster");
                nodes.add(RedisServer.start(
                        "--cluster-enabled",
                        "yes",
                        "--cluster-config-file",
                        "nodes.conf",
                        "--cluster-node-timeout",
                        "2000",
                        "--dir",
                        dir.toString()));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            cli(nodes.get(0).port(), create.toArray(String[]::new));
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitOk();
            return cluster;
        } catch (IOException e) {
            nodes.forEach(RedisServer::stop);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::stop);
            throw e;
        }
    }

    private void awaitOk() {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (nodes.stream().allMatch(n -> cli(n.port(), "cluster", "info").contains("cluster_state:ok"))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Redis cluster did not reach cluster_state:ok");
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** A seed URL; the cluster client discovers the other nodes from it. */
    public String url() {
        return "redis://127.0.0.1:" + nodes.get(0).port();
    }

    /** Runs {@code redis-cli -p port args...} and returns its output. */
    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(cliBinary(), "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-cli failed: " + command + "\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String cliBinary() {
        String server = RedisServer.binary();
        Path sibling = Path.of(server).resolveSibling("redis-cli");
        return Files.isExecutable(sibling) ? sibling.toString() : "redis-cli";
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::stop);
    }
}
