package dev.depot.testkit.servers;

import dev.depot.testkit.servers.PostgresServers.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PostgreSQL primary with one streaming standby, for failover and read-replica
 * tests. The primary is a {@link PostgresServers} server; the standby is made from it with
 * {@code pg_basebackup -R} and runs on a free loopback port of its own, as {@code standby1}
 * ({@code application_name}), with hot standby on so it answers reads.
 *
 * <p>Options: {@linkplain Builder#synchronous() synchronous} replication
 * ({@code synchronous_standby_names = 'standby1'}, {@code synchronous_commit = on}: a commit
 * returns once the standby has flushed it) or asynchronous (the default), and a
 * {@linkplain Builder#applyDelay(Duration) slowed standby} ({@code recovery_min_apply_delay}).
 * Faults: {@link #killPrimary()} ({@code kill -9} of the postmaster and every backend, as a lost
 * machine) and {@link #promoteStandby()} ({@code pg_ctl promote}). Thread-safe; {@link #close()}
 * stops both.
 */
public final class PostgresReplicaSet implements AutoCloseable {
    /** The standby's {@code application_name}, as {@code synchronous_standby_names} names it. */
    public static final String STANDBY_NAME = "standby1";

    private final PostgresServer primary;
    private final PostgresServer standby;
    private final Path standbyData;
    private final Path bin;

    private PostgresReplicaSet(PostgresServer primary, PostgresServer standby, Path standbyData, Path bin) {
        this.primary = primary;
        this.standby = standby;
        this.standbyData = standbyData;
        this.bin = bin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The server that was started as the primary (dead after {@link #killPrimary()}). */
    public PostgresServer primary() {
        return primary;
    }

    /** The server that was started as the standby (the primary after {@link #promoteStandby()}). */
    public PostgresServer standby() {
        return standby;
    }

    /**
     * A Depot URL of {@code database} listing both servers, primary first, with
     * {@code targetServerType=primary}: pgjdbc connects to whichever is writable.
     */
    public String multiHostUrl(String database) {
        return "postgres://" + PostgresServers.SUPERUSER + "@127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                + "/" + database + "?targetServerType=primary";
    }

    /**
     * {@code kill -9} of the primary's postmaster and all its processes at once, as a lost
     * machine; returns once every one of them is gone (SIGKILL is delivered when the process is
     * next scheduled: on a loaded machine a backend can still answer a commit after it was sent).
     */
    public void killPrimary() {
        long pid = primary.process().pid();
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> {
            all.add(h);
            h.descendants().forEach(all::add);
        });
        all.forEach(ProcessHandle::destroyForcibly);
        primary.kill();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (all.stream().anyMatch(PostgresReplicaSet::running)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("PostgreSQL processes of " + primary + " still run 10 s after SIGKILL");
            }
            ServerProcess.sleep(1);
        }
    }

    /** Alive and not a zombie (a killed backend whose new parent has not reaped it yet runs no more). */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | UncheckedIOException e) {
            return false; // gone meanwhile
        }
    }

    /**
     * {@code pg_ctl promote -w} on the standby: returns once it accepts writes, which this checks
     * ({@code pg_is_in_recovery()} false).
     */
    public void promoteStandby() {
        ServerProcess.run(null, Duration.ofMinutes(1), PostgresServers.as(PostgresServers.SUPERUSER,
                List.of(bin.resolve("pg_ctl").toString(), "promote", "-w", "-t", "60", "-D", standbyData.toString())));
        if (inRecovery(standby)) {
            throw new IllegalStateException("the standby " + standby + " is still in recovery after pg_ctl promote");
        }
    }

    /** {@code pg_is_in_recovery()} of {@code server}: true on a standby, false on a primary. */
    public static boolean inRecovery(PostgresServer server) {
        return "t".equals(server.psql("postgres", "SELECT pg_is_in_recovery()").trim());
    }

    /** The standby's replication state as the primary sees it ({@code sync}, {@code async}), or empty when not connected. */
    public String replicationState() {
        return primary.psql("postgres", "SELECT sync_state FROM pg_stat_replication WHERE application_name = '"
                + STANDBY_NAME + "' AND state = 'streaming'").trim();
    }

    @Override
    public void close() {
        try {
            standby.close();
        } finally {
            primary.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresReplicaSet[primary " + primary + ", standby " + standby + "]";
    }

    /** Settings of a replica set. Not thread-safe. */
    public static final class Builder {
        private boolean synchronous;
        private Duration applyDelay = Duration.ZERO;

        private Builder() {}

        /** Synchronous replication: a commit waits until the standby has flushed it. */
        public Builder synchronous() {
            this.synchronous = true;
            return this;
        }

        /** {@code recovery_min_apply_delay} of the standby: it shows each commit only this long after it happened. */
        public Builder applyDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("applyDelay must not be negative, not " + delay);
            }
            this.applyDelay = delay;
            return this;
        }

        /**
         * Starts the primary, copies it with {@code pg_basebackup -R}, starts the standby and
         * waits until it streams (and, when synchronous, until the primary counts it as
         * {@code sync}).
         */
        public PostgresReplicaSet start() {
            Path bin = PostgresServers.binDir();
            ServerProcess.requireExecutable(bin.resolve("pg_basebackup").toString(), PostgresServers.PACKAGES);
            PostgresServer primary = PostgresServers.builder().setting("wal_level=replica").setting("max_wal_senders=5")
                    .setting("wal_keep_size=64MB").start();
            try {
                PostgresServer standby = startStandby(bin, primary);
                PostgresReplicaSet set = new PostgresReplicaSet(primary, standby, standby.process().directory().resolve("data"),
                        bin);
                if (synchronous) {
                    primary.psql("postgres", "ALTER SYSTEM SET synchronous_standby_names = '" + STANDBY_NAME + "'");
                    primary.psql("postgres", "SELECT pg_reload_conf()");
                }
                awaitStreaming(set, synchronous ? "sync" : "async");
                return set;
            } catch (RuntimeException e) {
                primary.close();
                throw e;
            }
        }

        private PostgresServer startStandby(Path bin, PostgresServer primary) {
            Path dir = PostgresServers.newServerDir("postgres-standby");
            Path data = dir.resolve("data");
            Path sockets = PostgresServers.socketDir("pgs");
            PostgresServers.chown(dir, PostgresServers.SUPERUSER);
            PostgresServers.chown(sockets, PostgresServers.SUPERUSER);
            ServerProcess.run(dir, Duration.ofMinutes(2), PostgresServers.as(PostgresServers.SUPERUSER, List.of(
                    bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primary.port()),
                    "-U", PostgresServers.SUPERUSER, "-D", data.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync")));
            try {
                // -R wrote primary_conninfo without a name; a later line of the same file wins
                Files.writeString(data.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                        + primary.port() + " user=" + PostgresServers.SUPERUSER + " application_name=" + STANDBY_NAME + "'\n",
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot configure the standby in " + data, e);
            }
            PostgresServers.chown(dir, PostgresServers.SUPERUSER);
            return FreePorts.startOnAFreePort(port -> {
                List<String> cmd = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                        "-p", Integer.toString(port), "-k", sockets.toString(), "-c", "listen_addresses=127.0.0.1",
                        "-c", "max_connections=100", "-c", "fsync=off", "-c", "full_page_writes=off",
                        "-c", "shared_buffers=32MB", "-c", "hot_standby=on", "-c", "wal_level=replica",
                        "-c", "max_wal_senders=5",
                        "-c", "recovery_min_apply_delay=" + applyDelay.toMillis() + "ms"));
                ServerProcess process = ServerProcess.builder("postgres-standby-" + port, PostgresServers.as(
                                PostgresServers.SUPERUSER, cmd))
                        .port(port).directory(dir).readyLogLine("ready to accept read-only connections")
                        .startTimeout(Duration.ofSeconds(60)).start();
                return new PostgresServer(process, bin, data, sockets);
            });
        }

        private static void awaitStreaming(PostgresReplicaSet set, String state) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!state.equals(set.replicationState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the standby " + set.standby + " does not stream as " + state
                            + " within 30 s; primary's pg_stat_replication says '" + set.replicationState() + "'. Standby log:\n"
                            + set.standby.process().logTail(20));
                }
                ServerProcess.sleep(50);
            }
        }
    }
}
