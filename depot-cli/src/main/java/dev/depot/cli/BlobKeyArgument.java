package dev.depot.cli;

import picocli.CommandLine.Parameters;

/** The {@code KEY} argument of the {@code depot blobs} subcommands that act on one object; a picocli mixin. */
final class BlobKeyArgument {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;
}
