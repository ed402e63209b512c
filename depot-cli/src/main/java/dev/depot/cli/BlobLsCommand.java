package dev.depot.cli;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depot blobs ls [PREFIX]}. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"Lists objects in key order, one a line: last modified, size in bytes, content type, "
                + "public or private, key."})
final class BlobLsCommand extends BlobCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only keys starting with PREFIX.")
    String prefix = "";

    @Option(names = "--start-after", paramLabel = "KEY", description = "Only keys after KEY (to resume a listing).")
    String startAfter;

    @Override
    int call(BlobStore store) {
        PrintWriter out = out();
        try (Stream<BlobInfo> all = store.list(prefix, startAfter)) {
            for (Iterator<BlobInfo> it = all.iterator(); it.hasNext(); ) {
                BlobInfo i = it.next();
                out.printf("%s  %12d  %-24s  %-7s  %s%n", i.lastModified().toString(), i.size(), i.contentType(),
                        i.publicAccess() ? "public" : "private", i.key());
            }
        }
        out.flush();
        return 0;
    }
}
