package dev.depot.cli;

import dev.depot.BlobStore;
import dev.depot.spi.SettingValues;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code depot blobs url KEY [--ttl DURATION]}. */
@Command(name = "url", mixinStandardHelpOptions = true,
        description = {"Prints the object's public URL, or with --ttl an expiring (presigned) URL for a private object."})
final class BlobUrlCommand extends BlobCommand {
    @Mixin
    BlobKeyArgument key;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the URL works: 30s, 10m, 2h, 7d or ISO-8601 (PT10M).")
    String ttl;

    @Override
    int call(BlobStore store) {
        out().println(ttl == null ? store.url(key.key) : store.url(key.key, parse(ttl)));
        return 0;
    }

    /**
     * The TTL as {@link SettingValues#parseDuration} reads it, but with a unit: a bare number,
     * milliseconds elsewhere, is more likely meant as seconds here, so it is refused.
     */
    static Duration parse(String text) {
        if (text.trim().matches("[0-9]+")) {
            throw new IllegalArgumentException("--ttl must be a duration such as 30s, 10m, 2h, 7d or PT10M, not '" + text
                    + "': give the unit");
        }
        Duration d = SettingValues.parseDuration("--ttl", text);
        if (d.isZero()) {
            throw new IllegalArgumentException("--ttl must be positive, not '" + text + "'");
        }
        return d;
    }
}
