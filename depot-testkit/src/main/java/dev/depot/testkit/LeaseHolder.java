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

    public static void main(String[] args) throws Exception {
        Depot depot = Depot.open(DepotConfig.builder().url(args[0]).prefix(args[1])
                .leaseTtl(Duration.ofMillis(Long.parseLong(args[2]))).build());
        depot.map("m", dev.depot.Codec.STRING, dev.depot.Codec.STRING).put("written-by-owner", "yes");
        depot.flush(); // the memory store writes its snapshot
        System.out.println("READY " + ProcessHandle.current().pid() + " " + depot.storeDescription());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
