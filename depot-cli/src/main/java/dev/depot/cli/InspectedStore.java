package dev.depot.cli;

import dev.depot.Depot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A store opened by {@link DepotCommand#openAsIs(boolean)}, with the throwaway session folder to remove on close. */
record InspectedStore(Depot depot, Path scratchDir) implements AutoCloseable {
    @Override
    public void close() {
        try {
            depot.close();
        } finally {
            delete(scratchDir);
        }
    }

    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the temporary folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
