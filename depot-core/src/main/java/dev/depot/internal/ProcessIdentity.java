package dev.depot.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who a process is, precisely enough to tell from the same machine whether a recorded process
 * still runs: the host name, the kernel's boot id and the pid namespace (so two containers with
 * one host name, or a host that rebooted, are never taken for the same place), the pid, and the
 * process's start time (so a reused pid, or a restarted container's pid 1, is never taken for
 * the recorded process).
 *
 * @param host        host name
 * @param bootId      Linux boot id, empty elsewhere
 * @param pidNamespace Linux pid namespace ({@code pid:[4026531836]}), empty elsewhere
 * @param pid         process id
 * @param startedAt   process start, epoch milliseconds; 0 when unknown
 */
record ProcessIdentity(String host, String bootId, String pidNamespace, long pid, long startedAt) {
    private static final ProcessIdentity CURRENT = current0();

    /** This process. */
    static ProcessIdentity current() {
        return CURRENT;
    }

    /**
     * Whether a process with this identity can be checked from here: same host, same boot,
     * same pid namespace, all known.
     */
    boolean checkableFrom(ProcessIdentity here) {
        return host != null && host.equals(here.host) && bootId != null && !bootId.isEmpty() && bootId.equals(here.bootId)
                && pidNamespace != null && !pidNamespace.isEmpty() && pidNamespace.equals(here.pidNamespace);
    }

    /** Whether this process still runs; call only when {@link #checkableFrom} this process. */
    boolean isRunning() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startedAt == 0) {
            return true; // recorded without a start time: the pid alone decides, erring on alive
        }
        return handle.get().info().startInstant().map(i -> i.toEpochMilli() == startedAt).orElse(true);
    }

    private static ProcessIdentity current0() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessIdentity(hostName(), read("/proc/sys/kernel/random/boot_id"), link("/proc/self/ns/pid"), self.pid(),
                self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String link(String file) {
        try {
            return Files.readSymbolicLink(Path.of(file)).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
