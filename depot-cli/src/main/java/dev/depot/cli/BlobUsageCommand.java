package dev.depot.cli;

import dev.depot.BlobInfo;
import dev.depot.BlobStore;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code depot blobs usage [PREFIX]}. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Counts objects and bytes per top-level prefix (the key up to its first '/'), and in total."})
final class BlobUsageCommand extends BlobCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only keys starting with PREFIX.")
    String prefix = "";

    private record Tally(long objects, long bytes) {
        Tally plus(long size) {
            return new Tally(objects + 1, bytes + size);
        }
    }

    @Override
    int call(BlobStore store) {
        Map<String, Tally> byPrefix = new TreeMap<>();
        Tally total = new Tally(0, 0);
        try (Stream<BlobInfo> all = store.list(prefix, null)) {
            for (Iterator<BlobInfo> it = all.iterator(); it.hasNext(); ) {
                BlobInfo i = it.next();
                int slash = i.key().indexOf('/');
                String top = slash < 0 ? "(top level)" : i.key().substring(0, slash + 1);
                byPrefix.merge(top, new Tally(1, i.size()), (a, b) -> new Tally(a.objects + b.objects, a.bytes + b.bytes));
                total = total.plus(i.size());
            }
        }
        PrintWriter out = out();
        int width = Math.max(12, byPrefix.keySet().stream().mapToInt(String::length).max().orElse(0));
        out.printf(Locale.ROOT, "%-" + width + "s  %12s  %18s%n", "PREFIX", "OBJECTS", "BYTES");
        byPrefix.forEach((p, t) -> out.printf(Locale.ROOT, "%-" + width + "s  %,12d  %,18d  %s%n", p, t.objects, t.bytes, human(t.bytes)));
        out.printf(Locale.ROOT, "%-" + width + "s  %,12d  %,18d  %s%n", "total", total.objects, total.bytes, human(total.bytes));
        out.flush();
        return 0;
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
