package dev.depot.cli;

import dev.depot.BlobStore;
import dev.depot.spi.BlobKeys;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code depot blobs rm KEY...}. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Removes the objects; exit code 1 when one of them did not exist (the others are still removed)."})
final class BlobRmCommand extends BlobCommand {
    @Parameters(arity = "1..*", paramLabel = "KEY", description = "The keys.")
    List<String> keys;

    @Override
    int call(BlobStore store) {
        keys.forEach(BlobKeys::validate); // a bad key stops the command before anything is removed
        int missing = 0;
        for (String key : keys) {
            if (store.delete(key)) {
                out().println("removed " + key);
            } else {
                err().println("depot blobs rm: no object '" + key + "'");
                missing++;
            }
        }
        return missing == 0 ? 0 : OneLineErrorHandler.FAILURE;
    }
}
