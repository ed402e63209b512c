package dev.depot.it;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.nio.file.Path;

/**
 * The process the blob migration crash test kills: opens a Depot whose blob URL changed and
 * prints each page's progress ({@code PAGE <copied> <copiedThisRun>}), then {@code DONE}.
 * Arguments: session folder, map store URL, old blob URL, new blob URL.
 */
public final class BlobMigrationChild {
    private BlobMigrationChild() {}

    /** The settings both the child and the test use. */
    static DepotConfig.Builder config(String session, String mapUrl, String blobUrl) {
        // shared access: no lease, so a killed child leaves nothing for the next open to wait out
        return DepotConfig.builder().url(mapUrl).sessionDir(Path.of(session)).blobUrl(blobUrl).pageSize(20).sharedAccess(true);
    }

    public static void main(String[] args) {
        DepotConfig config = config(args[0], args[1], args[3]).migrateBlobsFrom(args[2])
                .migrationListener(p -> System.out.println("PAGE " + p.copied() + " " + p.copiedThisRun()))
                .build();
        try (Depot depot = Depot.open(config)) {
            System.out.println("DONE");
        }
    }
}
