package dev.depot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.depot.DepotException;
import dev.depot.Health;
import dev.depot.internal.DepotJson;
import dev.depot.spi.SecretMasker;
import dev.depot.spi.SettingValues;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code depot health}: opens the store as it is (shared, no lease, creating nothing), runs
 * {@code Depot.health()} and prints one line per part, or JSON. Exit 0 when every part is up, 3
 * otherwise (also when the store cannot be opened), so a container probe can call it.
 */
@Command(name = "health", mixinStandardHelpOptions = true, description = {
        "Checks the store (a real round trip), the blob store when one is configured, the lease, the write-behind",
        "backlog and the change feed, and prints one line per part: name, UP or DOWN, latency, detail.",
        "Exit code 0 when all are UP, 3 when any is DOWN or the store cannot be opened: usable as a container probe.",
        "Opens the store shared, as the other looking commands do: the program's lease is its own, not checked here."})
final class HealthCommand implements Callable<Integer> {
    static final int DOWN = OneLineErrorHandler.STORE_UNAVAILABLE;

    @ParentCommand
    DepotCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document: status, parts[] with name, status, latencyMs, detail.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long each round trip may take (default: ${DEFAULT-VALUE}; 500ms, 2s, ...).")
    String timeout;

    /** {@code depot health --json}. */
    record Document(String status, List<PartJson> parts) {}

    record PartJson(String name, String status, long latencyMs, String detail) {}

    @Override
    public Integer call() {
        Duration bound = SettingValues.parseDuration("--timeout", timeout);
        if (bound.isZero() || bound.isNegative()) {
            throw new IllegalArgumentException("--timeout must be positive, not '" + timeout + "'");
        }
        Health health;
        long started = System.nanoTime();
        try (InspectedStore store = root.openAsIs(false, null, false)) {
            health = store.depot().health(bound);
        } catch (DepotException e) {
            // The store could not even be opened: that is the store part, down, with the typed reason.
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            health = Health.of(List.of(new Health.Part("store", Health.Status.DOWN, Duration.ofNanos(System.nanoTime() - started),
                    e.getClass().getSimpleName() + (m.isBlank() ? "" : ": " + m))));
        }
        print(health);
        return health.up() ? 0 : DOWN;
    }

    private void print(Health health) {
        SecretMasker masker = SecretMasker.of(root.secrets());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Document doc = new Document(health.status().name(), health.parts().stream()
                    .map(p -> new PartJson(p.name(), p.status().name(), p.latency().toMillis(), p.detail())).toList());
            try {
                out.println(masker.scrub(DepotJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e); // a bug: records serialize
            }
        } else {
            for (Health.Part p : health.parts()) {
                out.println(masker.scrub(String.format("%-11s %-4s %6d ms  %s", p.name(), p.status(), p.latency().toMillis(),
                        p.detail())));
            }
            out.println(health.status());
        }
        out.flush();
    }
}
