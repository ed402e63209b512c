package dev.depot.internal;

import dev.depot.DepotConfig;
import dev.depot.MigrationException;
import dev.depot.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What must hold before a migration writes anything to its target, so that it never silently
 * copies less than there was: the source holds every map the session folder records for it,
 * holds something at all when the caller named it, and the target keeps what it is given.
 */
final class MigrationPreconditions {
    private static final int NAMES_SHOWN = 20;

    private MigrationPreconditions() {}

    /**
     * @param recorded the maps the session folder records for the prefix in this source, or null
     *                 when it records none
     * @throws MigrationException naming what is missing, the source, and how to go on on purpose
     */
    static void check(DepotConfig config, Store source, Store target, List<String> recorded) {
        String prefix = config.prefix();
        Set<String> present = new MapRegistry(source.metadata(), source.description(), config.pageSize()).records().keySet();
        if (recorded != null) {
            List<String> missing = new ArrayList<>();
            for (String name : recorded) {
                if (!present.contains(name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new MigrationException(missing.size() + " of the " + recorded.size() + " maps that "
                        + SessionState.FILE + " records for prefix '" + prefix + "' in " + source.description()
                        + " are not there: " + shown(missing) + ". Nothing was copied to " + target.description()
                        + ". Is it the right database, prefix, or folder (a memory: store keeps its snapshot in the"
                        + " session folder)? To go on without them on purpose, remove prefix '" + prefix + "' from "
                        + SessionState.FILE + " in the session folder, or name the store that holds them with migrateFrom", null);
            }
        } else if (present.isEmpty() && config.migrateFrom().isPresent()) {
            throw new MigrationException("migrateFrom names " + source.description() + ", which holds no maps of prefix '"
                    + prefix + "'. Nothing was copied to " + target.description() + ". Check the URL's database and the prefix;"
                    + " to start empty on purpose, remove migrateFrom (DEPOT_MIGRATE_FROM)", null);
        }
        if (!target.keepsData() && !present.isEmpty() && !config.allowEphemeralTarget()) {
            throw new MigrationException("refusing to move the " + present.size() + " maps of prefix '" + prefix + "' from "
                    + source.description() + " to " + target.description() + ", which keeps nothing after close: they would"
                    + " be gone when this process ends. Give the memory store a folder (memory:<folder>, or sessionDir /"
                    + " DEPOT_SESSION_DIR), or allow it on purpose with allowEphemeralTarget(true) (DEPOT_ALLOW_EPHEMERAL=true)",
                    null);
        }
    }

    private static String shown(List<String> names) {
        List<String> head = names.subList(0, Math.min(NAMES_SHOWN, names.size()));
        return String.join(", ", head) + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
    }
}
