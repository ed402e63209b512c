/** The backend-neutral contract suite every Depot store passes; published for third-party stores. */
module dev.depot.testkit {
    requires transitive dev.depot.core;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires transitive junit;
    requires com.google.common.testlib;
    requires com.google.common;
    requires org.assertj.core;

    exports dev.depot.testkit;
    exports dev.depot.testkit.junit;
    exports dev.depot.testkit.servers;
}
