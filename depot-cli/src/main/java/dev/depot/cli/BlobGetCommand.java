package dev.depot.cli;

import dev.depot.BlobStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code depot blobs get KEY [FILE]}. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Writes the object's bytes to FILE, or to standard output when no FILE is given; "
                + "exit code 1 when there is no such object."})
final class BlobGetCommand extends BlobCommand {
    @Mixin
    BlobKeyArgument key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "Where to write the bytes (replaced if it exists).")
    Path file;

    @Override
    int call(BlobStore store) throws Exception {
        try (InputStream in = store.open(key.key)) {
            if (file == null) {
                OutputStream out = blobs.stdout();
                in.transferTo(out);
                out.flush();
            } else {
                // Written beside the file and renamed, so an interrupted get never leaves half a file.
                Path parent = file.toAbsolutePath().getParent();
                Path part = Files.createTempFile(parent, "." + file.getFileName(), ".part");
                try {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
        }
        return 0;
    }
}
