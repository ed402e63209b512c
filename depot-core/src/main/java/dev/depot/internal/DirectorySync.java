package dev.depot.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync of a folder, so that a file created, renamed or deleted in it survives a power loss. */
public final class DirectorySync {
    private DirectorySync() {}

    /** Forces {@code dir}'s entries to disk. Best effort: some filesystems refuse to open or sync a folder. */
    public static void force(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // The create or rename itself is still atomic; only its durability across a power loss is weaker.
        }
    }
}
