package dev.depot.internal;

import dev.depot.DepotConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one rule for the session folder, used by every part that keeps local files: the state
 * file ({@code depot-state.json}), memory snapshots and their locks, and the filesystem blob
 * store's {@code media/}.
 *
 * <p>The folder is {@link DepotConfig#sessionDir()} when set; otherwise
 * {@link DepotConfig#DEFAULT_SESSION_DIR} ({@code ./depot-data}) when that folder exists;
 * otherwise there is none and the state lives only in the store. The default SQLite URL puts its
 * file in {@code ./depot-data}, so a program on the embedded default always has one.
 */
public final class SessionFolder {
    private SessionFolder() {}

    /** The session folder of {@code config}, if it has one. */
    public static Optional<Path> of(DepotConfig config) {
        Optional<Path> set = config.sessionDir();
        if (set.isPresent()) {
            return set;
        }
        return Files.isDirectory(DepotConfig.DEFAULT_SESSION_DIR) ? Optional.of(DepotConfig.DEFAULT_SESSION_DIR) : Optional.empty();
    }
}
