package dev.depot.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The session lease of a prefix was acquired, expired, regained, lost (taken over) or released. */
@Name("dev.depot.LeaseChange")
@Label("Lease Change")
@Category({"Depot", "Lease"})
@Description("A change of a prefix's session lease")
@StackTrace(false)
final class LeaseEvent extends jdk.jfr.Event {
    @Label("Store")
    String store;
    @Label("Prefix")
    String prefix;
    @Label("Change")
    String change;
    @Label("Detail")
    String detail;
}
