package dev.depot.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A store call that took at least {@code DepotConfig.slowCallThreshold()}. Committed after the
 * call, so the event's own duration is zero: {@link #took} is the call's time.
 */
@Name("dev.depot.SlowStoreCall")
@Label("Slow Store Call")
@Category({"Depot", "Store"})
@Description("A store call above the slow-call threshold")
@StackTrace(true)
final class SlowStoreCallEvent extends jdk.jfr.Event {
    @Label("Store")
    String store;
    @Label("Map")
    String map;
    @Label("Operation")
    String operation;
    @Label("Took")
    @Timespan(Timespan.NANOSECONDS)
    long took;
    @Label("Failed")
    boolean failed;
}
