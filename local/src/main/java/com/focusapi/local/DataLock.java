package com.focusapi.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that says a data folder is in use: {@code run} and {@code invoke} hold it for as long as they
 * run, {@code reset} takes it before wiping, so nothing wipes or shares the embedded PostgreSQL of a running
 * local API. The lock file holds the process id of its holder, for the message of whoever finds it taken.
 */
public final class DataLock implements AutoCloseable {
    static final String FILE_NAME = "local-api.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process holds the folder; its message is the one line to print. */
    public static final class InUseException extends Exception {
        InUseException(String message) {
            super(message);
        }
    }

    public static DataLock acquire(Path dataDirectory) throws IOException, InUseException {
        Files.createDirectories(dataDirectory);
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            throw new InUseException("The data folder " + dataDirectory.toAbsolutePath() + " is in use by "
                    + (holder.isEmpty() ? "another local API" : "process " + holder)
                    + ": stop it first, or pass --data-dir <another folder>.");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(
                String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new DataLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // released with the process anyway
        }
    }
}
