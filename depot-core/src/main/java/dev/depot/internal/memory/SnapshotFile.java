package dev.depot.internal.memory;

import dev.depot.spi.ByteKey;

import dev.depot.DepotException;
import dev.depot.internal.DirectorySync;
import dev.depot.internal.LeftoverFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The memory store's snapshot: every map as encoded bytes, in one file written atomically
 * (temporary file, fsync, rename, fsync of the folder), so a crash leaves either the old
 * snapshot or the new one, never a torn file. A CRC-32C at the end catches a file damaged
 * afterwards; such a file is reported, never silently replaced by an empty store.
 *
 * <p>Layout: {@code "DEPOTMEM"}, version, then per map its name and entries as
 * {@code 1, keyLength, key, valueLength, value}, closed by {@code 0}; after the last map a
 * {@code 0}-length name marker, then the checksum.
 */
final class SnapshotFile {
    private static final byte[] MAGIC = "DEPOTMEM".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** Writes entries of one map through the given consumer. */
    interface MapWriter {
        void write(BiConsumer<byte[], byte[]> out);
    }

    private final Path file;

    SnapshotFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** Every map of the snapshot as raw entries; empty when there is no snapshot yet. */
    Map<String, MemoryRawMap> read() {
        Map<String, MemoryRawMap> maps = new LinkedHashMap<>();
        CRC32C crc = new CRC32C();
        try (InputStream raw = Files.newInputStream(file);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
             DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt("it does not start with the Depot snapshot marker", null);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw corrupt("it has format version " + version + ", this Depot reads version " + VERSION, null);
            }
            while (true) {
                String name = in.readUTF();
                if (name.isEmpty()) {
                    break;
                }
                MemoryRawMap map = new MemoryRawMap();
                while (in.readByte() == 1) {
                    byte[] key = in.readNBytes(in.readInt());
                    byte[] value = in.readNBytes(in.readInt());
                    map.entries().put(new ByteKey(key), value);
                }
                maps.put(name, map);
            }
            long expected = crc.getValue();
            long stored = in.readLong();
            if (expected != stored) {
                throw corrupt("its checksum does not match its content", null);
            }
            return maps;
        } catch (NoSuchFileException e) {
            return maps;
        } catch (EOFException e) {
            throw corrupt("it ends early", e);
        } catch (IOException | NegativeArraySizeException | OutOfMemoryError e) {
            throw corrupt(e.toString(), e);
        }
    }

    private DepotException corrupt(String why, Throwable cause) {
        return new DepotException("the memory snapshot " + file + " cannot be read: " + why
                + ". It was left in place; move it away to start with an empty memory store", cause);
    }

    /**
     * Deletes temporary files that a process killed while writing its snapshot left beside it
     * ({@code <snapshot>.<random>.tmp}). Only for the holder of the folder's lock: another
     * process writing the same snapshot would lose its temporary file.
     */
    void removeLeftoverTemporaries() {
        Path dir = file.toAbsolutePath().getParent();
        String glob = file.getFileName() + ".*.tmp";
        try (var leftovers = Files.newDirectoryStream(dir, glob)) {
            for (Path leftover : leftovers) {
                LeftoverFiles.deleteQuietly(leftover);
            }
        } catch (IOException e) {
            // Not a reason to refuse the open: the files only take space.
        }
    }

    /** Writes a new snapshot of {@code maps} and atomically puts it in place. */
    void write(Map<String, MapWriter> maps) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // A name of its own: two Depots on one folder (a reader beside the owner) may write at
            // the same moment, and one fixed ".tmp" name let one rename away the other's file.
            tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream raw = Channels.newOutputStream(channel);
                CRC32C crc = new CRC32C();
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
                out.write(MAGIC);
                out.writeInt(VERSION);
                IOException[] failure = {null};
                for (Map.Entry<String, MapWriter> m : maps.entrySet()) {
                    out.writeUTF(m.getKey());
                    m.getValue().write((k, v) -> {
                        try {
                            out.writeByte(1);
                            out.writeInt(k.length);
                            out.write(k);
                            out.writeInt(v.length);
                            out.write(v);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    });
                    if (failure[0] != null) {
                        throw failure[0];
                    }
                    out.writeByte(0);
                }
                out.writeUTF("");
                out.flush();
                new DataOutputStream(raw).writeLong(crc.getValue());
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            DirectorySync.force(dir);
        } catch (IOException e) {
            LeftoverFiles.deleteQuietly(tmp);
            throw new DepotException("cannot write the memory snapshot " + file + ": " + e.getMessage()
                    + "; the previous snapshot is still in place", e);
        }
    }

}
