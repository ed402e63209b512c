package dev.depot.cli;

import dev.depot.BlobStore;
import dev.depot.internal.blob.BlobStores;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A {@code depot blobs} subcommand that opens the blob store, works on it, and closes it. */
abstract class BlobCommand implements Callable<Integer> {
    @ParentCommand
    BlobsCommand blobs;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        BlobStore store = blobs.open();
        try {
            return call(store);
        } finally {
            BlobStores.close(store);
        }
    }

    /** Runs the command on the open store; returns the exit code. */
    abstract int call(BlobStore store) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
