package dev.depot.it;

import dev.depot.Depot;
import dev.depot.DepotConfig;

/**
 * The process that the crash test kills: opens the target with {@code migrateFrom} and prints
 * progress, then {@code DONE} when the migration completed. Arguments: source, target, prefix.
 */
public final class MigrationChild {
    private MigrationChild() {}

    public static void main(String[] args) {
        DepotConfig config = DepotConfig.builder().url(args[1]).prefix(args[2]).migrateFrom(args[0]).pageSize(1000)
                .migrationListener(p -> System.out.println("PAGE " + p.map() + " " + p.copied()))
                .build();
        try (Depot depot = Depot.open(config)) {
            System.out.println("DONE " + depot.maps().size());
        }
    }
}
