package com.focusapi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a real server (Redis, PostgreSQL, the Pushgateway, moto) whose faults the
 * test switches at any moment, for connections already open and new ones alike:
 * <ul>
 *   <li>{@link #passThrough()}: bytes flow both ways as they come;
 *   <li>{@link #slow(Duration)}: every chunk, either way, waits that long before it is forwarded (a slow
 *       server or network; order is kept, nothing is lost);
 *   <li>{@link #blackHole()}: every open connection and every new one stays open but never gets a byte
 *       further, for good: what a client sees of a server that vanished without a reset (a failover whose
 *       old address stops answering). Going back to pass-through helps only new connections, as there;
 *   <li>{@link #refuse()}: the port is closed, so new connections are refused (open ones stay);
 *   <li>{@link #resetAll()}: every open connection is reset (RST) now; new ones are served per the mode.
 * </ul>
 * Plain threads and blocking sockets: a handful of connections per test.
 */
public final class FaultyTcpProxy implements AutoCloseable {
    private final int port;
    private final InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile long delayMs;
    private volatile boolean blackHole;
    private volatile boolean closed;
    private ServerSocket listener;

    private FaultyTcpProxy(int targetPort) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.port = listen(0);
    }

    /** A proxy on a free loopback port forwarding to {@code targetPort} on loopback, in pass-through. */
    public static FaultyTcpProxy to(int targetPort) {
        return new FaultyTcpProxy(targetPort);
    }

    public int port() {
        return port;
    }

    /** Connections accepted so far (a client that reconnected shows here). */
    public long accepted() {
        return accepted.get();
    }

    /** Connections open now (client side). */
    public int open() {
        return (int) links.stream().filter(l -> !l.client.isClosed()).count();
    }

    public synchronized void passThrough() {
        delayMs = 0;
        blackHole = false;
        listenAgain();
    }

    public synchronized void slow(Duration perChunk) {
        blackHole = false;
        delayMs = perChunk.toMillis();
        listenAgain();
    }

    public synchronized void blackHole() {
        blackHole = true;
        links.forEach(Link::swallow);
        listenAgain();
    }

    public synchronized void refuse() {
        closeQuietly(listener);
        listener = null;
    }

    public void resetAll() {
        links.forEach(Link::reset);
    }

    private synchronized void listenAgain() {
        if (listener == null && !closed) {
            listen(port);
        }
    }

    private synchronized int listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
            listener = socket;
            Thread acceptor = new Thread(() -> acceptLoop(socket), "proxy-accept-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback port " + onPort, e);
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // refuse() or close()
            }
            accepted.incrementAndGet();
            Link link = new Link(client);
            links.add(link);
            if (blackHole) {
                link.swallow();
            }
            link.start();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(listener);
        listener = null;
        links.forEach(Link::reset);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Closing for good: nothing left to do with it.
            }
        }
    }

    /** One client connection and its connection to the target. */
    private final class Link {
        private final Socket client;
        private volatile Socket server;
        /** Black-holed: reads on, forwards nothing, for as long as it lives. */
        private volatile boolean swallowed;

        Link(Socket client) {
            this.client = client;
        }

        void swallow() {
            swallowed = true;
        }

        void start() {
            Thread thread = new Thread(this::run, "proxy-link-" + client.getPort());
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                if (swallowed) {
                    // Never even connect: the client's bytes go nowhere.
                    drain(client.getInputStream());
                    return;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                server = upstream;
                Thread back = new Thread(() -> pump(upstream, client), "proxy-back-" + client.getPort());
                back.setDaemon(true);
                back.start();
                pump(client, upstream);
            } catch (IOException e) {
                reset();
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (swallowed) {
                        continue;
                    }
                    long delay = delayMs;
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    if (swallowed) {
                        continue;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                // An orderly close on one side: close the other, as a direct connection would.
                close();
            } catch (IOException e) {
                reset();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        private void drain(InputStream in) throws IOException {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // Swallowed.
            }
            close();
        }

        /** Both sockets closed with SO_LINGER 0: the peers get a reset, not an orderly end. */
        void reset() {
            abort(client);
            abort(server);
            links.remove(this);
        }

        private void close() {
            closeQuietly(client);
            closeQuietly(server);
            links.remove(this);
        }

        private void abort(Socket socket) {
            if (socket == null) {
                return;
            }
            try {
                socket.setSoLinger(true, 0);
            } catch (SocketException ignored) {
                // Already closed.
            }
            closeQuietly(socket);
        }
    }
}
