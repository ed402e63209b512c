package dev.depot.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One map copied by a migration (entries copied in this run, and the time this run spent on it). */
@Name("dev.depot.Migration")
@Label("Map Migration")
@Category({"Depot", "Migration"})
@Description("A map copied from one store to another")
@StackTrace(false)
final class MigrationEvent extends jdk.jfr.Event {
    @Label("Source")
    String source;
    @Label("Target")
    String target;
    @Label("Map")
    String map;
    @Label("Entries")
    long entries;
    @Label("Took")
    @Timespan(Timespan.NANOSECONDS)
    long took;
}
