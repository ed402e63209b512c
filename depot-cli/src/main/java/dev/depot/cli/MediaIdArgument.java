package dev.depot.cli;

import dev.depot.MediaAttachment;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;
import picocli.CommandLine.Parameters;

/** The {@code ID} argument of the {@code depot media} subcommands that act on one upload; a picocli mixin. */
final class MediaIdArgument {
    @Parameters(index = "0", paramLabel = "ID", description = "The media id.")
    long id;

    /**
     * The attachment {@code lookup} finds for the id.
     *
     * @throws CommandFailure naming the id when there is none ({@code lookup} answers null or throws
     *     {@link NoSuchElementException})
     */
    MediaAttachment find(LongFunction<MediaAttachment> lookup) {
        MediaAttachment a;
        try {
            a = lookup.apply(id);
        } catch (NoSuchElementException e) {
            a = null;
        }
        if (a == null) {
            throw new CommandFailure("no media attachment " + id);
        }
        return a;
    }
}
