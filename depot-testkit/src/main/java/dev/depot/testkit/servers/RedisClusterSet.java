package dev.depot.testkit.servers;

import dev.depot.testkit.servers.RedisServers.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster with a replica per master (3 masters + 3 replicas by default) on free loopback
 * ports, for tests that change it under a running client: {@link #reshard} moves slots with
 * {@code redis-cli --cluster reshard}, {@link #migrateSlotHoldingAsk} moves one slot by hand and
 * keeps it half-moved while the test looks (so clients get {@code ASK}), {@link #killMaster} kills a
 * master with SIGKILL and waits for its replica's promotion, {@link #failover} runs
 * {@code CLUSTER FAILOVER}. Nodes have
 * {@code cluster-node-timeout 3000} and no persistence.
 *
 * <p>Not thread-safe: the test's thread drives it. {@link #close()} stops every node.
 *
 * <p>This class is long because its four kinds of change share the reading of
 * {@code CLUSTER NODES} and the wait for a healthy Cluster.
 */
public final class RedisClusterSet implements AutoCloseable {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final List<RedisServer> nodes;
    private final List<RedisServer> killed = new ArrayList<>();
    /** Replicas the live nodes should list as replicating from a master: one less after each {@link #killMaster}. */
    private int replicas;

    private RedisClusterSet(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
        this.replicas = nodes.size() / 2;
    }

    /**
     * Starts {@code masters} masters and as many replicas, joins them with
     * {@code redis-cli --cluster create --cluster-replicas 1}, and waits until every node reports
     * {@code cluster_state:ok} and every master has its replica online.
     */
    public static RedisClusterSet start(int masters) {
        AtLeast.check(3, masters, "Redis Cluster needs at least 3 masters");
        String cli = ServerProcess.requireExecutable("redis-cli", RedisServers.PACKAGES);
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * masters; i++) {
                nodes.add(RedisServers.builder().clusterNode().start());
            }
            List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
            for (RedisServer n : nodes) {
                create.add(n.host() + ":" + n.port());
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            ServerProcess.run(nodes.get(0).directory(), Duration.ofSeconds(60), create);
            RedisClusterSet set = new RedisClusterSet(nodes);
            set.awaitHealthy(masters);
            return set;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** Every node started, killed ones included. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** {@code redis-cluster://} with every node as a seed. */
    public String url() {
        StringBuilder sb = new StringBuilder("redis-cluster://");
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(i > 0 ? "," : "").append(nodes.get(i).host()).append(':').append(nodes.get(i).port());
        }
        return sb.toString();
    }

    /** The masters serving slots now, as a live node sees them. */
    public List<RedisServer> masters() {
        List<RedisServer> out = new ArrayList<>();
        for (String[] f : clusterNodes()) {
            if (f[2].contains("master") && !f[2].contains("fail") && f.length > 8) {
                out.add(byAddress(f[1]));
            }
        }
        return out;
    }

    /** The master serving {@code slot} now, from {@code CLUSTER NODES} of a live node. */
    public RedisServer ownerOf(int slot) {
        for (SlotRange r : slotRanges()) {
            if (slot >= r.start() && slot <= r.end()) {
                return r.master();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** The slot of {@code key}, from {@code CLUSTER KEYSLOT}. */
    public int slotOf(String key) {
        return Integer.parseInt(anyLive().cli("CLUSTER", "KEYSLOT", key).trim());
    }

    /** The lowest {@code count} slots {@code master} serves, in order: the ones {@link #reshard} moves first. */
    public List<Integer> lowestSlots(RedisServer master, int count) {
        List<Integer> out = new ArrayList<>();
        List<SlotRange> ranges = new ArrayList<>(slotRanges());
        ranges.sort((a, b) -> Integer.compare(a.start(), b.start()));
        for (SlotRange r : ranges) {
            for (int slot = r.start(); r.master() == master && slot <= r.end() && out.size() < count; slot++) {
                out.add(slot);
            }
        }
        return out;
    }

    /** Slots {@code start..end} served by {@code master}. */
    private record SlotRange(int start, int end, RedisServer master) {}

    private List<SlotRange> slotRanges() {
        List<SlotRange> out = new ArrayList<>();
        for (String[] f : clusterNodes()) {
            if (!f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].matches("\\d+")) { // not [slot->-id], a slot being migrated
                    int start = Integer.parseInt(range[0]);
                    out.add(new SlotRange(start, range.length > 1 ? Integer.parseInt(range[1]) : start, byAddress(f[1])));
                }
            }
        }
        return out;
    }

    /** {@code CLUSTER MYID} of a node. */
    public static String nodeId(RedisServer node) {
        return node.cli("CLUSTER", "MYID").trim();
    }

    /**
     * {@code redis-cli --cluster reshard} of {@code slots} slots from {@code from} to {@code to}
     * (redis-cli takes the source's lowest slots first), then waits until the Cluster is healthy.
     */
    public void reshard(RedisServer from, RedisServer to, int slots) {
        String cli = ServerProcess.requireExecutable("redis-cli", RedisServers.PACKAGES);
        ServerProcess.run(from.directory(), Duration.ofMinutes(5), List.of(cli, "--cluster", "reshard",
                from.host() + ":" + from.port(), "--cluster-from", nodeId(from), "--cluster-to", nodeId(to),
                "--cluster-slots", Integer.toString(slots), "--cluster-yes"));
        awaitHealthy(masters().size());
    }

    /**
     * Moves one slot from {@code from} to {@code to} the way {@code redis-cli} does (IMPORTING,
     * MIGRATING, {@code MIGRATE} of each key, {@code SETSLOT NODE}), but runs {@code whileAsking}
     * after the keys have moved and before the slot is handed over: meanwhile {@code from}
     * answers {@code ASK} for the slot's keys, and {@code to} serves them only after
     * {@code ASKING}.
     */
    public void migrateSlotHoldingAsk(int slot, RedisServer from, RedisServer to, Runnable whileAsking) {
        String fromId = nodeId(from);
        String toId = nodeId(to);
        String s = Integer.toString(slot);
        to.cli("CLUSTER", "SETSLOT", s, "IMPORTING", fromId);
        from.cli("CLUSTER", "SETSLOT", s, "MIGRATING", toId);
        while (true) {
            String keys = from.cli("CLUSTER", "GETKEYSINSLOT", s, "100").trim();
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", to.host(), Integer.toString(to.port()), "", "0", "60000", "KEYS"));
            migrate.addAll(List.of(keys.split("\r?\n")));
            from.cli(migrate.toArray(String[]::new));
        }
        whileAsking.run();
        for (RedisServer n : List.of(to, from)) {
            n.cli("CLUSTER", "SETSLOT", s, "NODE", toId);
        }
        for (RedisServer m : masters()) {
            if (m != to && m != from) {
                m.cli("CLUSTER", "SETSLOT", s, "NODE", toId);
            }
        }
        awaitHealthy(masters().size());
    }

    /**
     * SIGKILL to {@code master} (it stays down) and waits until its replica reports
     * {@code role:master}, serves its slots and every live node reports {@code cluster_state:ok}.
     *
     * @return the promoted replica
     */
    public RedisServer killMaster(RedisServer master) {
        RedisServer replica = replicaOf(master);
        int masters = masters().size();
        master.kill();
        killed.add(master);
        replicas--;
        awaitPromoted(replica, "killed " + master);
        awaitHealthy(masters);
        return replica;
    }

    /**
     * {@code CLUSTER FAILOVER} on {@code master}'s replica: the manual failover Redis coordinates
     * (the master stops taking writes until the replica has caught up, then they swap roles).
     * Waits until the replica reports {@code role:master}, the old master {@code role:slave},
     * and the Cluster is healthy.
     *
     * @return the promoted replica
     */
    public RedisServer failover(RedisServer master) {
        RedisServer replica = replicaOf(master);
        int masters = masters().size();
        replica.cli("CLUSTER", "FAILOVER");
        awaitPromoted(replica, "CLUSTER FAILOVER of " + master);
        awaitPromoted(master, null);
        awaitHealthy(masters);
        return replica;
    }

    private RedisServer replicaOf(RedisServer master) {
        String id = nodeId(master);
        for (String[] f : clusterNodes()) {
            if (f[3].equals(id) && !f[2].contains("fail")) {
                return byAddress(f[1]);
            }
        }
        throw new IllegalStateException(master + " has no replica");
    }

    /**
     * Waits until {@code node} reports {@code role:master} ({@code after} names the fault for the
     * message), or {@code role:slave} when {@code after} is null.
     */
    private static void awaitPromoted(RedisServer node, String after) {
        String role = after != null ? "role:master" : "role:slave";
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!RedisInfo.role(node).equals(role)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " did not report " + role + " within " + SETTLE
                        + (after != null ? " after " + after : "") + ":\n" + node.process().logTail(30));
            }
            ServerProcess.sleep(50);
        }
    }

    /**
     * Waits until every live node says {@code cluster_state:ok}, {@code masters} masters serve
     * slots, the expected replicas are listed and their replication is online.
     */
    private void awaitHealthy(int masters) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!healthy(masters)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Cluster did not become healthy within " + SETTLE + ":\n"
                        + anyLive().cli("CLUSTER", "NODES"));
            }
            ServerProcess.sleep(100);
        }
    }

    private boolean healthy(int masters) {
        for (RedisServer n : live()) {
            if (!n.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
        }
        List<RedisServer> serving = masters();
        if (serving.size() != masters) {
            return false;
        }
        long listed = clusterNodes().stream().filter(f -> f[2].contains("slave") && !f[2].contains("fail")).count();
        if (listed != replicas) {
            return false;
        }
        for (RedisServer m : serving) {
            if (!m.cli("INFO", "replication").contains("state=online") && hasLiveReplica(m)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasLiveReplica(RedisServer master) {
        String id = nodeId(master);
        for (String[] f : clusterNodes()) {
            if (f[3].equals(id) && !f[2].contains("fail")) {
                return true;
            }
        }
        return false;
    }

    private List<RedisServer> live() {
        return nodes.stream().filter(n -> !killed.contains(n)).toList();
    }

    private RedisServer anyLive() {
        return live().get(0);
    }

    /** {@code CLUSTER NODES} of a live node, one array of fields per node. */
    private List<String[]> clusterNodes() {
        List<String[]> out = new ArrayList<>();
        for (String line : anyLive().cli("CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length >= 8) {
                out.add(f);
            }
        }
        return out;
    }

    /** The node at {@code ip:port@bus} (as CLUSTER NODES writes it). */
    private RedisServer byAddress(String address) {
        String hostPort = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node on port " + port + " in " + nodes));
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
