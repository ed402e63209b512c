package dev.depot.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.Codec;
import dev.depot.DbMap;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.testkit.ChildJvm;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PgBouncerTest;
import dev.depot.testkit.junit.PrivateServer;
import dev.depot.testkit.servers.PgBouncerServers;
import dev.depot.testkit.servers.PgBouncerServers.PgBouncer;
import dev.depot.testkit.servers.PostgresServers;
import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection budget at scale (issue 13, point 6): 50 processes ({@link BudgetChild}, small
 * heaps) with {@code maxConnections=3} each, 150 client connections, run mixed operations through
 * one PgBouncer in transaction mode ({@code max_client_conn} 200, pool 10) for 30 s
 * ({@code -Ddepot.budget.seconds}, {@code -Ddepot.budget.processes}). No operation fails, every
 * process finds its own keys as it left them, the shared counters hold exactly the acknowledged
 * merges, and PostgreSQL, sampled every 100 ms, never sees more server connections than the pool.
 *
 * <p>The machine has two cores: the JVMs run C1 only and the serial collector, at most two start
 * at a time (fifty at once starve each other past the connect timeout), wait for a go file once
 * open, and then run together.
 */
@PgBouncerTest
class ConnectionBudgetTest {
    private static final int POOL = 10;
    private static final String DATABASE = "budget";
    /** JVMs started but not yet open. */
    private static final int STARTING = 2;
    private static final Pattern RESULT = Pattern.compile("RESULT merges=(\\d+) ops=(\\d+) failures=(\\d+) mismatches=(\\d+)");

    @RegisterExtension
    static final PrivateServer<PostgresServer> PG = PrivateServer.of(() -> PostgresServers.builder().start());

    @TempDir
    Path tmp;

    @Test
    void fiftyProcessesShareTenServerConnections() throws Exception {
        int processes = Integer.getInteger("depot.budget.processes", 50);
        int seconds = Integer.getInteger("depot.budget.seconds", 30);
        String prefix = TestPrefixes.fresh("budget");
        try (PgBouncer bouncer = PgBouncerServers.builder(PG.get()).poolSize(POOL).maxClientConn(200).start()) {
            String url = bouncer.url(DATABASE);
            prepare(bouncer.url(DATABASE, PG.get().url(DATABASE)), prefix);
            Path go = tmp.resolve("go");
            List<ChildJvm> children = new ArrayList<>();
            AtomicInteger maxServer = new AtomicInteger();
            int maxClients = 0;
            try {
                long t1 = System.nanoTime();
                for (int i = 0; i < processes; i++) {
                    if (i >= STARTING) {
                        children.get(i - STARTING).awaitLine("READY", Duration.ofSeconds(60));
                    }
                    children.add(ChildJvm.start(childOptions(), BudgetChild.class, url, prefix,
                            Integer.toString(i), go.toString(), Integer.toString(seconds)));
                }
                for (int i = Math.max(0, processes - STARTING); i < processes; i++) {
                    children.get(i).awaitLine("READY", Duration.ofSeconds(60));
                }
                System.out.printf("connection budget: %d processes open in %.1f s%n", processes,
                        (System.nanoTime() - t1) / 1e9);
                try (Connection pg = DriverManager.getConnection(PG.get().jdbcUrl("postgres"))) {
                    Thread sampler = Thread.ofPlatform().name("pg-sampler").start(() -> sample(pg, maxServer));
                    long started = System.nanoTime();
                    Files.createFile(go);
                    long nextClientSample = System.nanoTime() + Duration.ofSeconds(seconds).toNanos() / 3;
                    while (children.stream().anyMatch(ChildJvm::alive)) {
                        if (System.nanoTime() > nextClientSample) {
                            maxClients = Math.max(maxClients, usedClients(bouncer));
                            nextClientSample += Duration.ofSeconds(5).toNanos();
                        }
                        Thread.sleep(100);
                    }
                    sampler.interrupt();
                    sampler.join();
                    System.out.printf("connection budget: %d processes for %d s (run %.1f s): at most %d PostgreSQL server"
                            + " connections, %d PgBouncer clients%n", processes, seconds,
                            (System.nanoTime() - started) / 1e9, maxServer.get(), maxClients);
                }
                long merges = 0;
                long ops = 0;
                for (ChildJvm c : children) {
                    assertThat(c.waitFor(Duration.ofSeconds(60))).as("exit of a child:\n%s", c.output()).isZero();
                    Matcher m = RESULT.matcher(c.awaitLine("RESULT", Duration.ofSeconds(5)));
                    assertThat(m.matches()).isTrue();
                    assertThat(Long.parseLong(m.group(3))).as("failed operations of a child:\n%s", c.output()).isZero();
                    assertThat(Long.parseLong(m.group(4))).as("own keys not as acknowledged:\n%s", c.output()).isZero();
                    // every process got work done (how much depends on the machine: a client that
                    // waits for a core mid-transaction holds one of the ten server connections)
                    assertThat(Long.parseLong(m.group(2))).as("operations of a child:\n%s", c.output()).isGreaterThanOrEqualTo(10);
                    merges += Long.parseLong(m.group(1));
                    ops += Long.parseLong(m.group(2));
                }
                System.out.printf("connection budget: %d operations, %d merges, none failed%n", ops, merges);
                assertThat(counterTotal(PG.get().url(DATABASE), prefix)).as("shared counters").isEqualTo(merges);
            } finally {
                for (ChildJvm c : children) {
                    c.close();
                }
            }
            assertThat(maxServer.get()).as("server connections PostgreSQL saw").isBetween(1, POOL);
            // the budget held while the clients were really there: at least two per process
            assertThat(maxClients).as("PgBouncer's clients").isGreaterThanOrEqualTo(2 * processes);
        }
    }

    /** The children's JVM options: small heap, C1 only, the serial collector. */
    private static List<String> childOptions() {
        return List.of("-Xmx48m", "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1");
    }

    /** Creates the maps (DDL through the direct URL) and the shared settings before any child opens. */
    private static void prepare(String urlWithDirect, String prefix) {
        try (Depot d = Depot.open(DepotConfig.builder().url(urlWithDirect).prefix(prefix).sharedAccess(true).build())) {
            d.map(BudgetChild.COUNTERS, Codec.STRING, Codec.LONG);
            d.map(BudgetChild.ITEMS, Codec.LONG, Codec.STRING);
            DbMap<String, String> settings = d.map(BudgetChild.SETTINGS, Codec.STRING, Codec.STRING);
            for (int i = 0; i < 20; i++) {
                settings.put("s" + i, "value " + i);
            }
        }
    }

    /** Client backends of the budget database, every 100 ms, until interrupted. */
    private static void sample(Connection pg, AtomicInteger max) {
        try (Statement s = pg.createStatement()) {
            while (!Thread.currentThread().isInterrupted()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + DATABASE
                        + "' AND backend_type = 'client backend'")) {
                    rs.next();
                    max.accumulateAndGet(rs.getInt(1), Math::max);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot sample pg_stat_activity", e);
        }
    }

    /** PgBouncer's client connections in use ({@code SHOW LISTS}: used_clients), the admin console's included. */
    private static int usedClients(PgBouncer bouncer) {
        return bouncer.admin("SHOW LISTS").lines().filter(l -> l.startsWith("used_clients|"))
                .mapToInt(l -> Integer.parseInt(l.substring(l.indexOf('|') + 1).strip())).findFirst().orElseThrow();
    }

    private static long counterTotal(String directUrl, String prefix) {
        try (Depot d = Depot.open(DepotConfig.builder().url(directUrl).prefix(prefix).sharedAccess(true).build())) {
            DbMap<String, Long> counters = d.map(BudgetChild.COUNTERS, Codec.STRING, Codec.LONG);
            long total = 0;
            for (long v : counters.values()) {
                total += v;
            }
            return total;
        }
    }
}
