package dev.depot.cli;

import dev.depot.BlobInfo;
import dev.depot.BlobOptions;
import dev.depot.BlobStore;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depot blobs put FILE KEY}. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Stores FILE under KEY (replacing any object there), streamed; prints the key, size and SHA-256."})
final class BlobPutCommand extends BlobCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The file to store.")
    Path file;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key, e.g. avatars/1.png.")
    String key;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "Content type (default: guessed from the file name, "
            + "else application/octet-stream).")
    String contentType;

    @Option(names = "--cache-control", paramLabel = "VALUE", description = "Cache-Control, e.g. 'public, max-age=31536000'.")
    String cacheControl;

    @Option(names = "--private", description = "Readable only through an expiring URL (default: public).")
    boolean privateAccess;

    @Override
    int call(BlobStore store) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        BlobOptions options = privateAccess ? BlobOptions.privateRead() : BlobOptions.publicRead();
        String type = contentType != null ? contentType : URLConnection.guessContentTypeFromName(file.getFileName().toString());
        if (type != null) {
            options = options.contentType(type);
        }
        if (cacheControl != null) {
            options = options.cacheControl(cacheControl);
        }
        BlobInfo info;
        try (InputStream in = Files.newInputStream(file)) {
            info = store.put(key, in, Files.size(file), options);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + file, e);
        }
        out().println(info.key() + "  " + info.size() + " bytes  " + info.contentType() + "  sha256 " + info.sha256());
        return 0;
    }
}
