package dev.depot.internal.memory;

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
 * The memory store's session lease: an OS file lock on {@code depot-memory-<prefix>.lock} in
 * its folder. The operating system releases it when the owner dies, however it dies, so no
 * expiry is needed. The file holds the owner's description for the error message.
 */
final class FolderLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static FolderLock lock(Path file, String prefix, String description) {
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
                throw new SessionLockedException("prefix '" + prefix + "' in " + description + " is in use by " + owner
                        + ". Stop that instance first; processes that mean to share the maps open them with sharedAccess(true)",
                        owner);
            }
            String me = "host " + java.net.InetAddress.getLocalHost().getHostName() + ", pid " + ProcessHandle.current().pid()
                    + ", since " + Instant.now();
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new FolderLock(ch, lock);
        } catch (IOException e) {
            throw new DepotException("cannot lock " + file + " for " + description + ": " + e.getMessage(), e);
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
