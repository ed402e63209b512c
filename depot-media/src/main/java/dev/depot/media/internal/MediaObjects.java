package dev.depot.media.internal;

import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import dev.depot.MediaAttachment;
import dev.depot.Style;
import dev.depot.spi.FilePutBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects of uploads in the blob store: processed styles (public, cached for ever, under
 * Mastodon's keys) and their removal when an upload is undone. Thread-safe. A processed style's
 * file is handed to the store ({@link #take}): the caller's work folder loses it.
 */
final class MediaObjects {
    private static final Logger LOG = LoggerFactory.getLogger(MediaObjects.class);

    private final BlobStore blobs;

    MediaObjects(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * Puts every output of upload {@code owner} under a new file stem (under {@code cache/} for a
     * remote copy), noting each key in {@code written} before its put.
     */
    Map<Style, MediaAttachment.Variant> storeOutputs(MediaAttachment owner, ImagePipeline.Processed processed,
                                                     List<String> written) {
        String stem = MediaKeys.newFileStem();
        Map<Style, MediaAttachment.Variant> variants = new EnumMap<>(Style.class);
        for (ImagePipeline.Output o : processed.outputs()) {
            String key = MediaKeys.key(owner.fromRemote(), owner.id(), o.style(), stem, o.extension());
            written.add(key);
            long size = take(key, o.file(), BlobOptions.publicRead().contentType(o.contentType())
                    .cacheControl(DepotMediaLibrary.CACHE_CONTROL));
            variants.put(o.style(), new MediaAttachment.Variant(key, blobs.url(key), o.contentType(), size, o.meta()));
        }
        return variants;
    }

    /**
     * Puts {@code file}, which nothing needs afterwards, under {@code key}; its size. A store that
     * can take a file ({@link FilePutBlobStore}: the filesystem store renames it into place) gets
     * it without a second copy of a large video.
     */
    long take(String key, Path file, BlobOptions options) {
        if (blobs instanceof FilePutBlobStore files) {
            return files.putFile(key, file, options).size();
        }
        return put(key, file, options);
    }

    /** Puts {@code file} under {@code key}; its size. */
    long put(String key, Path file, BlobOptions options) {
        try (InputStream data = Files.newInputStream(file)) {
            long size = Files.size(file);
            blobs.put(key, data, size, options);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code keys}, adding a failure to {@code failure} (or logging it when there is none). */
    void deleteQuietly(List<String> keys, RuntimeException failure) {
        if (keys.isEmpty()) {
            return;
        }
        try {
            blobs.deleteAll(keys);
        } catch (RuntimeException cleanup) {
            if (failure != null) {
                failure.addSuppressed(cleanup);
            } else {
                LOG.warn("Could not delete {}: {}", keys, cleanup.toString());
            }
        }
    }
}
