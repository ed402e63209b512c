package dev.depot.it;

import dev.depot.testkit.servers.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals to a server process and every process it started. PostgreSQL runs a process per
 * connection: freezing only the postmaster would leave open connections answering, and killing
 * only the postmaster would leave its backends running for a while. A fault hits them all, as
 * a frozen or killed machine or container would.
 */
final class ProcessTree {
    private final List<Long> pids;

    private ProcessTree(List<Long> pids) {
        this.pids = pids;
    }

    /** The process {@code pid} and its descendants as they are now. */
    static ProcessTree of(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return new ProcessTree(pids);
    }

    /** SIGSTOP to every process, the parent first so that it starts no new one meanwhile. */
    void pause() {
        signal("-STOP");
    }

    /** SIGCONT to every process. */
    void resume() {
        signal("-CONT");
    }

    /** SIGKILL to every process at once. */
    void kill() {
        signal("-KILL");
    }

    private void signal(String signal) {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            ServerProcess.run(null, Duration.ofSeconds(10), command); // one command: all at (nearly) the same moment
        } catch (IllegalStateException e) {
            // some process was gone already (a backend that ended); the others got the signal
        }
    }

    int size() {
        return pids.size();
    }
}
