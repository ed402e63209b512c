package dev.depot.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.DepotException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code depot-state.json} in the session folder: for each prefix, which store was last in use
 * (its URL without the password), whether that URL needed a password, and its maps. Written
 * atomically under a file lock, since several prefixes (and processes) may share the folder.
 */
final class SessionState {
    static final String FILE = "depot-state.json";
    private static final ObjectMapper JSON = DepotJson.MAPPER;

    /**
     * One prefix's record. {@code blobStore} is the blob store in use ({@link
     * dev.depot.internal.blob.BlobStores#identity}: its URL without secrets, a {@code file:}
     * store's absolute folder), null in records written before blobs existed or when the
     * filesystem store had no folder to name.
     */
    record PrefixRecord(String store, boolean hadPassword, List<String> maps, String updated,
                        String blobStore, boolean blobHadSecret) {}

    /** The blob store in use and whether its URL had a secret, as recorded. */
    record BlobRecord(String store, boolean hadSecret) {}

    private final Path file;

    SessionState(Path dir) {
        this.file = dir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    Optional<PrefixRecord> read(String prefix) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
            var node = root.path("prefixes").get(prefix);
            return node == null ? Optional.empty() : Optional.of(JSON.treeToValue(node, PrefixRecord.class));
        } catch (IOException | ClassCastException e) {
            throw new DepotException("the session state " + file + " cannot be read (" + e.getMessage()
                    + "); fix or remove it, Depot then starts from the configured store", e);
        }
    }

    /** The key of the same record in a store's metadata map. */
    static final String STORE_KEY = "state";

    /** Writes the record into the store's own metadata map. */
    static void writeToStore(dev.depot.spi.RawMap meta, String store, boolean hadPassword, List<String> maps, BlobRecord blobs) {
        meta.set(STORE_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                DepotJson.write(record(store, hadPassword, maps, blobs), "the session record"));
    }

    /** The record in a store's metadata map, if any. */
    static Optional<PrefixRecord> readFromStore(dev.depot.spi.RawMap meta) {
        byte[] b = meta.get(STORE_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (b == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(b, PrefixRecord.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static PrefixRecord record(String store, boolean hadPassword, List<String> maps, BlobRecord blobs) {
        return new PrefixRecord(store, hadPassword, maps, Instant.now().toString(), blobs == null ? null : blobs.store(),
                blobs != null && blobs.hadSecret());
    }

    void write(String prefix, String store, boolean hadPassword, List<String> maps, BlobRecord blobs) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path lockFile = file.resolveSibling(FILE + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
                root.put("version", 1);
                ObjectNode prefixes = root.has("prefixes") ? (ObjectNode) root.get("prefixes") : root.putObject("prefixes");
                prefixes.set(prefix, JSON.valueToTree(record(store, hadPassword, maps, blobs)));
                Path tmp = file.resolveSibling(FILE + ".tmp");
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
                    out.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | ClassCastException e) {
            throw new DepotException("cannot write the session state " + file + ": " + e.getMessage(), e);
        }
    }
}
