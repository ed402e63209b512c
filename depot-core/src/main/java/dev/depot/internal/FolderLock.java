package dev.depot.internal;

import dev.depot.DepotException;
import dev.depot.SessionLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An OS file lock on one file, held for as long as a process uses what the file guards: the
 * memory store's folder ({@code depot-memory-<prefix>.lock}), a write-behind journal. The
 * operating system releases it when the owner dies, however it dies, so no expiry is needed. The
 * file holds the owner's description for the error message. Thread-safe; close is idempotent.
 */
public final class FolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, or throws {@link SessionLockedException} "{@code what} is in use by
     * {@code <owner>}. {@code advice}" when another process (or another holder in this JVM) has it.
     *
     * @throws DepotException when the file cannot be created or locked
     */
    public static FolderLock lock(Path file, String what, String advice) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new SessionLockedException(what + " is in use by " + owner + ". " + advice, owner);
            }
            String me = "host " + java.net.InetAddress.getLocalHost().getHostName() + ", pid " + ProcessHandle.current().pid()
                    + ", since " + Instant.now();
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new FolderLock(ch, lock);
        } catch (IOException e) {
            throw new DepotException("cannot lock " + file + " for " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case.
        }
    }
}
