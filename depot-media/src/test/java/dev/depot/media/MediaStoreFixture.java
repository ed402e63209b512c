package dev.depot.media;

import dev.depot.BlobInfo;
import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.MediaAttachment;
import dev.depot.MediaLibrary;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Depot over the blob store under test, its media library and the map of media records, opened
 * before each test and closed after it; the base of the media contract tests that look at records
 * and objects directly. Subclass @BeforeEach methods run after {@link #openStores()}, their
 * @AfterEach methods before {@link #closeStores()}.
 */
abstract class MediaStoreFixture {
    @TempDir
    Path dir;

    Depot depot;
    MediaLibrary media;
    DbMap<Long, MediaAttachment> records;

    /** The Depot settings of the blob store under test, session folder in {@code dir}. */
    abstract DepotConfig.Builder config(Path dir);

    /** The library under test: by default the Depot's with default limits and options. */
    MediaLibrary library(Depot opened) {
        return opened.media();
    }

    @BeforeEach
    void openStores() {
        depot = Depot.open(config(dir).build());
        media = library(depot);
        records = depot.map("media_attachments", Codec.LONG, Codec.json(MediaAttachment.class));
    }

    @AfterEach
    void closeStores() {
        depot.close();
    }

    /** The keys of the blob store's objects under {@code prefix}, in key order. */
    List<String> objects(String prefix) {
        try (Stream<BlobInfo> listed = depot.blobs().list(prefix, null)) {
            return listed.map(BlobInfo::key).toList();
        }
    }
}
