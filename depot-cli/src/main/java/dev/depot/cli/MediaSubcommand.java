package dev.depot.cli;

import dev.depot.MediaLibrary;
import dev.depot.MediaLimits;
import dev.depot.RemoteMediaOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A {@code depot media} subcommand: opens the stores, works on the media library, closes them. */
abstract class MediaSubcommand implements Callable<Integer> {
    @ParentCommand
    MediaCommand media;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        checkArguments();
        try (InspectedStore store = media.open(createsStore())) {
            return call(store.depot().media(MediaLimits.defaults(),
                    RemoteMediaOptions.defaults().withPrivateAddresses(media.privateAddresses)));
        }
    }

    /** Whether the command may create the map store when it is missing (only upload does). */
    boolean createsStore() {
        return false;
    }

    /** Rejects bad arguments before anything is opened. */
    void checkArguments() {}

    /** Runs the command; returns the exit code. */
    abstract int call(MediaLibrary library) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
