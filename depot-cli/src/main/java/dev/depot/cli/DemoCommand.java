package dev.depot.cli;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.spi.StoreUrl;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code depot demo}: the first thing a newcomer runs. Writes a few typed maps, reads them back,
 * closes the store, reopens it and checks that everything is still there; a second run in the
 * same folder finds the first run's data. Every step prints the Java call it makes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Writes a few typed maps (users, settings, counters), reads them back, closes the store, "
                + "reopens it and shows that everything persisted.",
                "Run it twice in the same folder: the second run finds the first run's data."})
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    static final String USERS = "users";
    static final String SETTINGS = "settings";
    static final String COUNTERS = "counters";
    static final String RUNS = "demo_runs";

    private static final List<String> NAMES = List.of("Ada Lovelace", "Alan Turing", "Grace Hopper",
            "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton", "Ken Thompson");
    private static final int LISTED_USERS = 10;

    @ParentCommand
    DepotCommand root;

    @Spec
    CommandSpec spec;

    private final Codec<User> userCodec = Codec.json(User.class);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DepotConfig config = root.config();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long run;
        User written;
        String firstRunAt;

        try (Depot depot = root.open()) {
            out.println("Depot demo: typed Java maps (DbMap<K,V>, a ConcurrentMap) whose entries live in a store.");
            out.println("Each line below is a Java call this demo makes, and what it returned.");
            out.println();
            out.println("Opened   " + depot.storeDescription() + "   (prefix '" + config.prefix() + "')");
            out.println("Data in  " + whereDataLives(config, depot.storeDescription()));
            out.println();

            DbMap<String, Long> counters = depot.map(COUNTERS, Codec.STRING, Codec.LONG);
            DbMap<String, String> settings = depot.map(SETTINGS, Codec.STRING, Codec.STRING);
            DbMap<Long, User> users = depot.map(USERS, Codec.LONG, userCodec);

            run = counters.merge(RUNS, 1L, Long::sum);
            step(out, "counters.merge(\"" + RUNS + "\", 1L, Long::sum)", run);
            String previous = settings.putIfAbsent("first_run_at", now.toString());
            firstRunAt = previous == null ? now.toString() : previous;
            step(out, "settings.putIfAbsent(\"first_run_at\", \"" + now + "\")", previous);
            String lastRunAt = settings.put("last_run_at", now.toString());
            step(out, "settings.put(\"last_run_at\", \"" + now + "\")", lastRunAt);
            out.println();

            String where = isEmbedded(config.url()) ? "in this folder" : "on this store";
            if (run == 1) {
                out.println("This is run #1 " + where + ": the store was empty. Run 'depot demo' again to see "
                        + "this run's data come back.");
            } else {
                out.println("This is run #" + run + " " + where + "; the first run was at " + firstRunAt
                        + (lastRunAt == null ? "" : ", the previous one at " + lastRunAt) + ".");
                out.println("Users written by earlier runs, read from the store:");
                listUsers(out, users);
            }
            out.println();

            String name = NAMES.get((int) ((run - 1) % NAMES.size()));
            written = new User(run, name, name.split(" ")[0].toLowerCase(Locale.ROOT) + "@example.org", now);
            User old = users.put(run, written);
            step(out, "users.put(" + run + "L, new User(" + run + ", \"" + name + "\", ...))", old == null ? null : json(old));
            out.println("         stored as JSON: " + json(written));
            User readBack = users.get(run);
            step(out, "users.get(" + run + "L).equals(written)", Objects.equals(readBack, written));
            step(out, "users.sizeLong()", users.sizeLong());
            out.println();
        }

        if (isEphemeral(config)) {
            out.println("Closed the store. This store is " + StoreUrl.parse(config.url()).masked()
                    + ", which keeps nothing after close; use memory:<folder> or sqlite:<file> to keep the data.");
            return 0;
        }

        out.println("Closed the store. Reopening it to check that everything was kept...");
        try (Depot depot = root.open()) {
            Long counter = depot.map(COUNTERS, Codec.STRING, Codec.LONG).get(RUNS);
            String first = depot.map(SETTINGS, Codec.STRING, Codec.STRING).get("first_run_at");
            DbMap<Long, User> users = depot.map(USERS, Codec.LONG, userCodec);
            User user = users.get(run);
            step(out, "counters.get(\"" + RUNS + "\")", counter);
            step(out, "settings.get(\"first_run_at\")", first);
            step(out, "users.get(" + run + "L)", user == null ? null : json(user));
            if (!Objects.equals(counter, run) || !Objects.equals(user, written) || !Objects.equals(first, firstRunAt)) {
                throw new CommandFailure("the reopened store does not hold what this run wrote; the store at "
                        + depot.storeDescription() + " lost data");
            }
            out.println();
            out.println("Everything persisted: " + users.sizeLong() + (users.sizeLong() == 1 ? " user" : " users")
                    + ", the run counter and the settings survived close and reopen.");
        }
        out.println();
        out.println("Next, look at the data with:");
        out.println("  depot info                 the store, its maps, their codecs and sizes");
        out.println("  depot dump users           every user as a JSON line");
        out.println("  depot get users 1          one value");
        out.println("  depot demo                 again: run #" + (run + 1) + " finds this run's data");
        if (root.url != null) {
            out.println("(each with the same --url option)");
        }
        out.flush();
        return 0;
    }

    private void listUsers(PrintWriter out, DbMap<Long, User> users) {
        List<Map.Entry<Long, User>> some;
        try (Stream<Map.Entry<Long, User>> all = users.stream()) {
            some = all.limit(LISTED_USERS).sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).toList();
        }
        for (Map.Entry<Long, User> e : some) {
            User u = e.getValue();
            out.println("  #" + e.getKey() + " " + u.name() + " <" + u.email() + ">, written at " + u.joinedAt());
        }
        long size = users.sizeLong();
        if (size > some.size()) {
            out.println("  ... and " + (size - some.size()) + " more ('depot dump users' shows them all)");
        }
    }

    private String json(User user) {
        return new String(userCodec.encode(user), StandardCharsets.UTF_8);
    }

    private static void step(PrintWriter out, String call, Object result) {
        out.printf("  %-62s -> %s%n", call, result);
    }

    /** The file or folder of an embedded store, else the (masked) server URL. */
    static String whereDataLives(DepotConfig config, String description) {
        StoreUrl parsed = StoreUrl.parse(config.url());
        if (!parsed.hierarchical() && !parsed.path().isEmpty()
                && (parsed.scheme().equals("sqlite") || parsed.scheme().equals("memory"))) {
            String kind = parsed.scheme().equals("sqlite") ? "the SQLite file " : "snapshots in the folder ";
            return kind + Path.of(parsed.path()).toAbsolutePath().normalize();
        }
        if (parsed.scheme().equals("memory")) {
            return config.sessionFolder().map(d -> "snapshots in the session folder " + d.toAbsolutePath().normalize())
                    .orElse("this process only (memory: without a folder)");
        }
        return description;
    }

    /** A store in a local file or folder, whose data the current folder holds. */
    private static boolean isEmbedded(String url) {
        StoreUrl parsed = StoreUrl.parse(url);
        return !parsed.hierarchical() && !parsed.path().isEmpty();
    }

    /** {@code memory:} with no folder of its own and no session folder to keep its snapshot in. */
    private static boolean isEphemeral(DepotConfig config) {
        StoreUrl parsed = StoreUrl.parse(config.url());
        return parsed.scheme().equals("memory") && parsed.path().isEmpty() && config.sessionFolder().isEmpty();
    }
}
