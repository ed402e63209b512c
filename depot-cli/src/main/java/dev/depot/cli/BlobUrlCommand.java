package dev.depot.cli;

import dev.depot.BlobStore;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code depot blobs url KEY [--ttl DURATION]}. */
@Command(name = "url", mixinStandardHelpOptions = true,
        description = {"Prints the object's public URL, or with --ttl an expiring (presigned) URL for a private object."})
final class BlobUrlCommand extends BlobCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the URL works: 30s, 10m, 2h, 7d or ISO-8601 (PT10M).")
    String ttl;

    @Override
    int call(BlobStore store) {
        out().println(ttl == null ? store.url(key) : store.url(key, parse(ttl)));
        return 0;
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return positive(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return positive(switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            }, text);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException i && !(e instanceof NumberFormatException) && i.getMessage() != null
                    && i.getMessage().startsWith("--ttl")) {
                throw i;
            }
            throw new IllegalArgumentException("--ttl must be a duration such as 30s, 10m, 2h, 7d or PT10M, not '" + text + "'");
        }
    }

    private static Duration positive(Duration d, String text) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--ttl must be positive, not '" + text + "'");
        }
        return d;
    }
}
