package dev.depot.testkit;

import dev.depot.Depot;
import dev.depot.DepotConfig;
import java.time.Duration;

/**
 * A process that opens a Depot and holds it until killed: the other owner in lease tests.
 * Arguments: store URL, prefix, lease TTL in milliseconds. Writes {@code m["written-by-owner"] = "yes"}, then
 * prints {@code READY <pid>}.
 */
public final class LeaseHolder {
    private LeaseHolder() {}

    /**
     * A holder of {@code prefix} in {@code storeUrl} with the default lease TTL, in a child JVM,
     * once it has opened the Depot and written; the caller closes (kills) it.
     */
    public static ChildJvm startWithDefaults(String storeUrl, String prefix) throws InterruptedException {
        ChildJvm owner = ChildJvm.start(LeaseHolder.class, storeUrl, prefix, Long.toString(DepotConfig.DEFAULT_LEASE_TTL.toMillis()));
        try {
            owner.awaitLine("READY", Duration.ofSeconds(60));
            return owner;
        } catch (RuntimeException | Error | InterruptedException e) {
            owner.close();
            throw e;
        }
    }

    public static void main(String[] args) throws Exception {
        DepotConfig config = DepotConfig.builder().url(args[0]).prefix(args[1])
                .leaseTtl(Duration.ofMillis(Long.parseLong(args[2]))).build();
        // A cold JVM's first TLS handshakes to a Cluster's three nodes can outlast the 5 s connect
        // timeout on a loaded test machine (seen in CI at load 10); these tests are about the lease.
        Depot depot = Opening.whenReachable(config, Duration.ofSeconds(40));
        depot.map("m", dev.depot.Codec.STRING, dev.depot.Codec.STRING).put("written-by-owner", "yes");
        depot.flush(); // the memory store writes its snapshot
        System.out.println("READY " + ProcessHandle.current().pid() + " " + depot.storeDescription());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
