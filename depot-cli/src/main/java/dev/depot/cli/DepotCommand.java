package dev.depot.cli;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.spi.SecretMasker;
import dev.depot.spi.StoreUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code depot} command. Holds the options every subcommand shares ({@code --url},
 * {@code --prefix}, {@code --verbose}) and opens the store they name.
 */
@Command(name = "depot",
        mixinStandardHelpOptions = true,
        versionProvider = DepotCommand.Version.class,
        description = {
                "Looks into and edits the maps a program keeps with Depot.",
                "The store comes from --url, else from the environment (DEPOT_URL, DATABASE_URL, DB_HOST..., "
                        + "REDIS_URL...), else it is the embedded default:",
                "  " + DepotConfig.DEFAULT_URL + "  (relative to the current folder)",
                "Passwords in URLs are masked in all output.",
                "Only 'demo' and 'migrate' open stores the way a program does (lease, migration). The other commands work "
                        + "on the named store as it is, also while a program uses it (except memory stores), and "
                        + "leave the program's depot-state.json alone."},
        subcommands = {DemoCommand.class, InfoCommand.class, MapsCommand.class, GetCommand.class,
                PutCommand.class, DeleteCommand.class, DumpCommand.class, MigrateCommand.class, BlobsCommand.class, BenchCommand.class,
                MediaCommand.class, HealthCommand.class, CompletionCommand.class},
        footer = {"", "Start with:  depot demo", "Exit codes: 0 ok, 1 failure or missing key, 2 bad usage or input, "
                + "3 store unavailable, 4 store locked by another instance."})
public final class DepotCommand extends CommandGroup {
    private static final Pattern MAP_NAME = Pattern.compile("[A-Za-z0-9_]+");
    /** The password as written in a URL: between "user:" and "@" of the authority. */

    /** The process environment; tests give their own. */
    private final Map<String, String> environment;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The store (default: from the environment, else the embedded SQLite file): "
                    + "sqlite:FILE, memory:[FOLDER], postgres://..., mysql://..., mariadb://..., redis://..., rediss://...")
    String url;

    @Option(names = "--prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "Namespace of the maps (default: DEPOT_PREFIX, else " + DepotConfig.DEFAULT_PREFIX + ").")
    String prefix;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show Depot's log and the stack trace of an error.")
    boolean verbose;

    /** Where {@code depot blobs get} writes bytes without a file: the process's stdout; tests give their own. */
    java.io.OutputStream binaryOut = System.out;

    DepotCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The settings of the store to open: the options, else the environment, else the defaults. */
    DepotConfig config() {
        return DepotConfig.fromEnv(environmentWithOptions());
    }

    /** The environment with {@code --url} and {@code --prefix} in place of the variables they override. */
    Map<String, String> environmentWithOptions() {
        Map<String, String> env = new HashMap<>(environment);
        if (url != null) {
            env.put("DEPOT_URL", url);
        }
        if (prefix != null) {
            env.put("DEPOT_PREFIX", prefix);
        }
        return env;
    }

    /**
     * Opens the store as a program using Depot would: an earlier store recorded in
     * {@code depot-state.json} is migrated, and this one is recorded. For {@code depot demo}.
     */
    Depot open() {
        logLevel();
        return Depot.open(config());
    }

    /**
     * Opens the store for looking at and editing its entries, exactly as it is, also while a
     * program is using it (shared access, no lease; the memory store excepted): no migration
     * (automatic or from {@code DEPOT_MIGRATE_FROM}), and no record in the program's
     * {@code depot-state.json}, so that pointing the tool at another store never makes the
     * program migrate on its next start. The state goes to a throwaway folder instead, except
     * for {@code memory:} without a folder, whose data is in the session folder itself.
     *
     * @param create false for the commands that only look: a missing file, database or prefix is
     *               then reported ({@link dev.depot.NoSuchStoreException}) instead of created
     */
    InspectedStore openAsIs(boolean create) {
        return openAsIs(create, null);
    }

    /** Like {@link #openAsIs(boolean)}, with {@code blobUrl} (when not null) as the blob store. */
    InspectedStore openAsIs(boolean create, String blobUrl) {
        return openAsIs(create, blobUrl, false);
    }

    /**
     * Like {@link #openAsIs(boolean, String)}; with {@code lease} true, the prefix's lease is
     * taken as a program would, so the command fails with exit code 4 while a program (or another
     * tool) uses the store, and no program can start meanwhile. For commands that change what
     * programs read, such as a map's recorded codec.
     */
    InspectedStore openAsIs(boolean create, String blobUrl, boolean lease) {
        logLevel();
        Map<String, String> env = environmentWithOptions();
        if (blobUrl != null) {
            env.put("DEPOT_BLOB_URL", blobUrl);
        }
        env.remove("DEPOT_MIGRATE_FROM");
        env.remove("DEPOT_MIGRATE_BLOBS_FROM");
        env.remove("DEPOT_DROP_SOURCE");
        DepotConfig.Builder config = DepotConfig.fromEnv(env).toBuilder().autoMigrate(false).createIfMissing(create);
        StoreUrl parsed = StoreUrl.parse(config.build().url());
        boolean memory = parsed.scheme().equals("memory");
        // A program may be running on this store: open it shared, without taking its lease. Not
        // the memory store: its data lives in the owner's process, so only one may hold it.
        config.sharedAccess(!memory && !lease);
        boolean dataInSessionDir = memory && parsed.path().isEmpty();
        Path scratch = null;
        if (!dataInSessionDir) {
            try {
                scratch = Files.createTempDirectory("depot-cli-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
            }
            keepBlobFolder(config);
            config.sessionDir(scratch);
        }
        try {
            return new InspectedStore(Depot.open(config.build()), scratch);
        } catch (RuntimeException e) {
            InspectedStore.delete(scratch);
            throw e;
        }
    }

    /**
     * Names the program's default blob folder explicitly before the session folder becomes a
     * scratch one, so that the blob store Depot records in the map store is the program's, not the
     * scratch folder's {@code media/}.
     */
    static void keepBlobFolder(DepotConfig.Builder config) {
        DepotConfig real = config.build();
        String url = dev.depot.internal.blob.BlobStores.configuredUrl(real);
        StoreUrl parsed = StoreUrl.parse(url);
        if (parsed.scheme().equals("file") && parsed.path().isEmpty() && !parsed.hierarchical()) {
            try {
                config.blobUrl(dev.depot.internal.blob.BlobStores.identity(url, real));
            } catch (dev.depot.DepotException e) {
                // no folder to name: Depot records no blob store either
            }
        }
    }

    void logLevel() {
        if (verbose) {
            // Read by slf4j-simple when Depot's first logger is created, which is after this.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    /**
     * The passwords this command could know: of {@code --url}, of the URL the environment
     * resolves to, and of {@code DB_PASS}/{@code REDIS_PASSWORD}, each as given and as decoded.
     * Error output is scrubbed of them even when a message comes from a library that does not mask.
     */
    List<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        List<String> urls = new ArrayList<>();
        if (url != null) {
            urls.add(url);
        }
        try {
            urls.add(config().url());
            config().blobUrl().ifPresent(urls::add);
        } catch (RuntimeException e) {
            // a malformed setting: its own message is masked; the raw variables are still scrubbed below
        }
        for (String u : urls) {
            SecretMasker.rawUrlPassword(u).ifPresent(secrets::add);
            try {
                secrets.add(StoreUrl.parse(u.trim()).password());
            } catch (RuntimeException e) {
                // unparsable: the raw form above is all there is
            }
        }
        secrets.add(environment.get("DB_PASS"));
        secrets.add(environment.get("REDIS_PASSWORD"));
        secrets.add(environment.get("AWS_SECRET_ACCESS_KEY"));
        secrets.remove(null);
        secrets.remove("");
        return List.copyOf(secrets);
    }

    /**
     * Rejects a map name that no store accepts before the store is asked about it, so that
     * {@code get}, {@code delete} and {@code dump} say "not a valid name" rather than "no such map".
     */
    static String checkMapName(String name) {
        if (!MAP_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid map name: use letters, digits and _ only");
        }
        return name;
    }

    /**
     * {@code depot --version}: the project version Maven wrote into {@code depot-version.properties}
     * (a filtered resource, so it is there in tests and in the IDE too), else the jar manifest's.
     */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"depot " + version()};
        }

        static String version() {
            try (java.io.InputStream in = DepotCommand.class.getResourceAsStream("/dev/depot/cli/depot-version.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    String v = p.getProperty("version", "");
                    if (!v.isBlank() && !v.startsWith("${")) {
                        return v;
                    }
                }
            } catch (IOException e) {
                // fall back to the manifest
            }
            String v = DepotCommand.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }
    }
}
