package dev.depot.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary file a failed write leaves behind. The failure itself is reported by the
 * write; a file that cannot be deleted is only logged at DEBUG, since a stray temporary file is
 * harmless and the next cleanup of its folder takes it.
 */
public final class LeftoverFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverFiles.class);

    private LeftoverFiles() {}

    /** Deletes {@code file} if it exists; null, a missing file and an I/O error are all ignored. */
    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", file, e.toString());
        }
    }
}
