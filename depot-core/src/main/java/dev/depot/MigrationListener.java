package dev.depot;

/**
 * Told about a migration's progress, e.g. to draw a progress bar. Called on the thread that
 * opens the Depot; must not throw.
 */
@FunctionalInterface
public interface MigrationListener {
    /** Ignores every event. */
    MigrationListener NONE = progress -> {};

    /** Called after each page copied and when a map is done. */
    void onProgress(MigrationProgress progress);
}
