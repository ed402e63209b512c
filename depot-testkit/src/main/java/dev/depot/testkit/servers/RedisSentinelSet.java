package dev.depot.testkit.servers;

import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Sentinel-managed Redis for failover tests: one master, one or more replicas
 * ({@code replicaof}) and three Sentinels with a quorum of 2, all on free loopback ports, without
 * persistence.
 *
 * <p>{@link #start(String, int)} returns once every Sentinel sees the replicas and the two other
 * Sentinels, so a failover can be ordered at once. The Sentinels declare a master down after
 * {@value #DOWN_AFTER_MS} ms without a reply (Redis's default is 30 s; tests do not wait that
 * long) and give a failover {@value #FAILOVER_TIMEOUT_MS} ms.
 *
 * <p>{@link #failover()} runs {@code SENTINEL FAILOVER} and {@link #killMaster()} sends SIGKILL to
 * the master; both return once all three Sentinels name the new master and it reports
 * {@code role:master}. Not thread-safe: the test's thread drives it. {@link #close()} stops every
 * process.
 */
public final class RedisSentinelSet implements AutoCloseable {
    /** {@code sentinel down-after-milliseconds} of {@link #start(String, int)}. */
    public static final int DOWN_AFTER_MS = 2000;
    /** Redis's own default {@code sentinel down-after-milliseconds}, what an operator who sets nothing runs with. */
    public static final int REDIS_DEFAULT_DOWN_AFTER_MS = 30_000;
    /** {@code sentinel failover-timeout}. */
    public static final int FAILOVER_TIMEOUT_MS = 10000;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final String masterName;
    private final List<RedisServer> servers;
    private final List<RedisServer> sentinels;

    private RedisSentinelSet(String masterName, List<RedisServer> servers, List<RedisServer> sentinels) {
        this.masterName = masterName;
        this.servers = List.copyOf(servers);
        this.sentinels = List.copyOf(sentinels);
    }

    /**
     * Starts the master, {@code replicas} replicas and three Sentinels monitoring it as
     * {@code masterName}, and waits until replication is online and the Sentinels know each other.
     *
     * @throws IllegalStateException when a process does not start or the set does not settle in 60 s
     */
    public static RedisSentinelSet start(String masterName, int replicas) {
        return start(masterName, replicas, DOWN_AFTER_MS);
    }

    /**
     * As {@link #start(String, int)}, with the Sentinels declaring the master down after
     * {@code downAfterMs} without a reply ({@link #REDIS_DEFAULT_DOWN_AFTER_MS} for Redis's default).
     */
    public static RedisSentinelSet start(String masterName, int replicas, int downAfterMs) {
        AtLeast.check(1, replicas, "a Sentinel set needs at least one replica");
        if (!masterName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("master name must be [A-Za-z0-9_-]+, not " + masterName);
        }
        List<RedisServer> servers = new ArrayList<>();
        List<RedisServer> sentinels = new ArrayList<>();
        try {
            RedisServer master = RedisServers.builder().start();
            servers.add(master);
            for (int i = 0; i < replicas; i++) {
                servers.add(RedisServers.builder().config("replicaof " + master.host() + " " + master.port()).start());
            }
            for (int i = 0; i < 3; i++) {
                sentinels.add(RedisServers.builder().sentinel(List.of(
                        "sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + masterName + " " + downAfterMs,
                        "sentinel failover-timeout " + masterName + " " + FAILOVER_TIMEOUT_MS)).start());
            }
            RedisSentinelSet set = new RedisSentinelSet(masterName, servers, sentinels);
            set.awaitSettled(master);
            return set;
        } catch (RuntimeException e) {
            sentinels.forEach(RedisServer::close);
            servers.forEach(RedisServer::close);
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:S1,127.0.0.1:S2,127.0.0.1:S3?master=NAME}. */
    public String url() {
        StringBuilder sb = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinels.size(); i++) {
            sb.append(i > 0 ? "," : "").append(sentinels.get(i).host()).append(':').append(sentinels.get(i).port());
        }
        return sb.append("?master=").append(masterName).toString();
    }

    public String masterName() {
        return masterName;
    }

    /** The data servers (the first started as master, the others as its replicas). */
    public List<RedisServer> servers() {
        return servers;
    }

    public List<RedisServer> sentinels() {
        return sentinels;
    }

    /** The data server the first Sentinel names as master now. */
    public RedisServer master() {
        return serverOn(masterPort(sentinels.get(0)));
    }

    /**
     * {@code SENTINEL FAILOVER}: the Sentinels promote the replica without waiting for the master
     * to fail, and turn the old master into its replica.
     *
     * @return the new master, once every Sentinel names it and it reports {@code role:master}
     */
    public RedisServer failover() {
        RedisServer old = master();
        sentinels.get(0).cli("SENTINEL", "FAILOVER", masterName);
        return awaitMasterOtherThan(old);
    }

    /**
     * SIGKILL to the master; it stays down.
     *
     * @return the promoted replica, once every Sentinel names it and it reports {@code role:master}
     */
    public RedisServer killMaster() {
        RedisServer old = master();
        old.kill();
        return awaitMasterOtherThan(old);
    }

    private RedisServer awaitMasterOtherThan(RedisServer old) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            RedisServer agreed = agreedMaster();
            if (agreed != null && agreed != old && RedisInfo.role(agreed).equals("role:master")) {
                return agreed;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no new master for " + masterName + " within " + SETTLE + "; sentinel log:\n"
                        + sentinels.get(0).process().logTail(30));
            }
            ServerProcess.sleep(50);
        }
    }

    /** The master all three Sentinels name, or null while they disagree. */
    private RedisServer agreedMaster() {
        int port = -1;
        for (RedisServer s : sentinels) {
            int p = masterPort(s);
            if (port != -1 && p != port) {
                return null;
            }
            port = p;
        }
        return serverOn(port);
    }

    private int masterPort(RedisServer sentinel) {
        String[] reply = sentinel.cli("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName).trim().split("\\s+");
        if (reply.length < 2 || !reply[1].matches("\\d+")) {
            throw new IllegalStateException(sentinel + " does not know master " + masterName + ": " + String.join(" ", reply));
        }
        return Integer.parseInt(reply[1]);
    }

    private RedisServer serverOn(int port) {
        for (RedisServer s : servers) {
            if (s.port() == port) {
                return s;
            }
        }
        throw new IllegalStateException("the Sentinels name port " + port + ", which is none of " + servers);
    }

    /** Waits until the replicas are online and each Sentinel knows them and the two other Sentinels. */
    private void awaitSettled(RedisServer master) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!settled(master)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Sentinel set of " + masterName + " did not settle within " + SETTLE
                        + ":\n" + sentinels.get(0).cli("SENTINEL", "MASTER", masterName));
            }
            ServerProcess.sleep(100);
        }
    }

    private boolean settled(RedisServer master) {
        String replication = master.cli("INFO", "replication");
        if (replication.split("state=online", -1).length - 1 != servers.size() - 1) {
            return false;
        }
        for (RedisServer s : sentinels) {
            String reply = s.cli("SENTINEL", "MASTER", masterName);
            if (!Integer.toString(servers.size() - 1).equals(RedisInfo.field(reply, "num-slaves"))
                    || !"2".equals(RedisInfo.field(reply, "num-other-sentinels"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServer::close);
        servers.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "RedisSentinelSet[" + masterName + ", servers " + servers + ", sentinels " + sentinels + "]";
    }
}
