package dev.depot.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway server process for tests: started from an installed binary, ready once its port
 * accepts connections, its output captured to a log file, stopped on {@link #close()} and, in
 * any case, by a JVM shutdown hook, so no test run leaves servers behind.
 *
 * <p>Generic on purpose: Redis, PostgreSQL, MariaDB and PgBouncer launchers build on it. A
 * launcher chooses the port (see {@link FreePorts}), a working directory of its own and the
 * command line; {@code ServerProcess} does the rest:
 * <pre>{@code
 * ServerProcess redis = ServerProcess.builder("redis", List.of("redis-server", "/tmp/x/redis.conf"))
 *         .port(port)
 *         .directory(dir)
 *         .start();            // waits until 127.0.0.1:port accepts, or fails with the log's tail
 * ...
 * redis.kill();                // kill -9, for fault tests
 * redis.restart();             // same command, same port, same directory
 * redis.close();               // SIGTERM, then SIGKILL after the grace period
 * }</pre>
 *
 * <p>A server that does not start makes {@link Builder#start()} throw {@link IllegalStateException}
 * with the command, the exit code and the last lines of its log: tests that need it fail, they
 * never skip. Thread-safe.
 *
 * <p>This class is long because starting, readiness, pausing a process tree, stopping and the log tail belong to one process lifecycle.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Set<ServerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ServerProcess p : LIVE) {
                p.stopQuietly(Duration.ofSeconds(2));
            }
        }, "depot-testkit-server-reaper"));
    }

    /** Where every throwaway server listens, and where the readiness check connects. */
    private static final String LOOPBACK = "127.0.0.1";

    private final String name;
    private final List<String> command;
    private final Path directory;
    private final Path logFile;
    private final String host;
    private final int port;
    private final Duration startTimeout;
    private final Duration stopGrace;
    private final Map<String, String> environment;
    private final String readyLogLine;
    private Process process;
    private boolean closed;

    private ServerProcess(Builder b) {
        this.name = b.name;
        this.command = List.copyOf(b.command);
        this.directory = b.directory;
        this.logFile = b.directory.resolve(b.name + ".log");
        this.host = LOOPBACK;
        this.port = b.port;
        this.startTimeout = b.startTimeout;
        this.stopGrace = b.stopGrace;
        this.environment = Map.copyOf(b.environment);
        this.readyLogLine = b.readyLogLine;
    }

    /**
     * A builder for a server called {@code name} (used in messages and the default log file name)
     * run as {@code command} (the binary and its arguments).
     */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** Starts the process and waits until its port accepts connections. */
    private synchronized ServerProcess launch() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(environment);
        long logStart = logSize();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " for " + name + ": " + e.getMessage(), e);
        }
        LIVE.add(this);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " before port "
                        + port + " accepted connections. Command: " + String.join(" ", command) + "\nLog "
                        + logFile + ":\n" + logTail(30));
            }
            if ((readyLogLine == null || logContains(logStart, readyLogLine)) && accepts(host, port)) {
                return this;
            }
            if (System.nanoTime() > deadline) {
                stopQuietly(Duration.ZERO);
                throw new IllegalStateException(name + " did not accept connections on " + host + ":" + port + " within "
                        + startTimeout + ". Command: " + String.join(" ", command) + "\nLog " + logFile + ":\n"
                        + logTail(30));
            }
            sleep(25);
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether the log, from byte {@code from} on (this start's output), contains {@code text}. */
    private boolean logContains(long from, String text) {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when a TCP connection to {@code host:port} succeeds within 200 ms. */
    public static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // Plain accessors of the settings, one line each.
    public String name() { return name; }
    public String host() { return host; }
    public int port() { return port; }
    /** The server's own directory (data, configuration, log). */
    public Path directory() { return directory; }
    /** Where stdout and stderr go (appended): {@code <directory>/<name>.log}. */
    public Path logFile() { return logFile; }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The operating-system process id; fails when not running. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return process.pid();
    }

    /** Kills the process at once ({@code kill -9}) and waits until it is gone. Idempotent. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(10));
        }
    }

    /**
     * Freezes the server ({@code kill -STOP}), the process and every process it started (a
     * PostgreSQL's backends): it keeps its sockets open but answers nothing, like a hung or
     * partitioned machine. Returns once every thread of the process has stopped (a thread in
     * uninterruptible I/O stops only when that I/O ends). {@link #resume()} (or {@link #close()})
     * undoes it.
     */
    public synchronized void pause() {
        signalTree("-STOP");
        awaitStopped(process.pid());
    }

    /** Lets a {@link #pause() paused} server run again ({@code kill -CONT}), its child processes too. */
    public synchronized void resume() {
        signalTree("-CONT");
    }

    /**
     * Signals the process, then its descendants. The parent goes first, so a stopped server forks
     * no child that the list would miss; a child that exits meanwhile is no error.
     */
    private void signalTree(String signal) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        run(null, Duration.ofSeconds(10), List.of("kill", signal, Long.toString(p.pid())));
        signalDescendants(p, signal);
    }

    /** Waits until every thread of {@code pid} is stopped, as Linux's {@code /proc} shows; elsewhere returns at once. */
    private void awaitStopped(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!allStopped(tasks)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not stop within 10 s of SIGSTOP");
            }
            sleep(5);
        }
    }

    private static boolean allStopped(Path tasks) {
        try (var threads = Files.list(tasks)) {
            return threads.allMatch(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    // "pid (comm) S ...": the state follows the last ')' (comm may hold one)
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                } catch (IOException | UncheckedIOException e) {
                    return true; // the thread exited
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return true; // the process exited
        }
    }

    private static void signalDescendants(Process p, String signal) {
        List<String> kill = new ArrayList<>(List.of("kill", signal));
        p.descendants().forEach(d -> kill.add(Long.toString(d.pid())));
        if (kill.size() > 2) {
            try {
                run(null, Duration.ofSeconds(10), kill);
            } catch (IllegalStateException exited) {
                // kill signals every pid it can; one that exited since the list was made fails alone
            }
        }
    }

    /** Stops the process gracefully (SIGTERM), then forcibly after the grace period. Idempotent. */
    public synchronized void stop() {
        stopQuietly(stopGrace);
    }

    /**
     * Starts the process again with the same command, directory and port (stopping it first if
     * it still runs) and waits until it accepts connections.
     */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after the grace period); it cannot be restarted. */
    @Override
    public synchronized void close() {
        closed = true;
        stopQuietly(stopGrace);
        LIVE.remove(this);
    }

    private synchronized void stopQuietly(Duration grace) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            run(null, Duration.ofSeconds(5), List.of("kill", "-CONT", Long.toString(p.pid()))); // a paused process ignores SIGTERM
            signalDescendants(p, "-CONT");
        } catch (RuntimeException ignored) {
            // it may have exited meanwhile; SIGKILL below works either way
        }
        p.destroy();
        if (!waitFor(p, grace)) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(10));
        }
    }

    private static boolean waitFor(Process p, Duration d) {
        try {
            return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits; an interrupt becomes an {@link IllegalStateException} with the interrupt flag kept. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server", e);
        }
    }

    /**
     * Runs a short helper command (a client such as {@code redis-cli} or {@code openssl}) to
     * completion and returns its output (stdout and stderr together).
     *
     * @throws IllegalStateException when it cannot run, exits with a non-zero code, or runs longer
     *                               than {@code timeout}; the message has the command and output
     */
    public static String run(Path directory, Duration timeout, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process died; what we have is enough for the message
            }
        }, "depot-testkit-run");
        reader.start();
        if (!waitFor(p, timeout)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
        }
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit code " + p.exitValue() + " from " + String.join(" ", command) + ":\n" + out);
        }
        return out.toString();
    }

    /**
     * Finds an executable on {@code PATH} (or an absolute path), or fails with a message naming
     * the Debian packages to install.
     */
    public static String requireExecutable(String name, String packages) {
        if (name.contains("/")) {
            if (Files.isExecutable(Path.of(name))) {
                return name;
            }
        } else {
            List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
            dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
            for (String dir : dirs) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException("'" + name + "' is not installed; install the Debian packages: " + packages
                + " (e.g. apt-get install -y " + packages + ")");
    }

    @Override
    public String toString() {
        return name + "@" + host + ":" + port;
    }

    /** Settings of a {@link ServerProcess}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private Path directory;
        private int port = -1;
        private Duration startTimeout = Duration.ofSeconds(30);
        private Duration stopGrace = Duration.ofSeconds(10);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String readyLogLine;

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command is empty");
            }
            this.command = List.copyOf(command);
        }

        // Plain setters, one line each; start() checks what is required.
        /** The port that accepts connections once the server is ready (required). */
        public Builder port(int port) { this.port = port; return this; }
        /** The working directory (required); it is created when missing. */
        public Builder directory(Path directory) { this.directory = Objects.requireNonNull(directory, "directory"); return this; }
        /** How long {@link #start()} waits for readiness; default 30 s. */
        public Builder startTimeout(Duration timeout) { this.startTimeout = Objects.requireNonNull(timeout, "startTimeout"); return this; }
        /** How long {@link #stop()} waits after SIGTERM before SIGKILL; default 10 s. */
        public Builder stopGrace(Duration grace) { this.stopGrace = Objects.requireNonNull(grace, "stopGrace"); return this; }

        /**
         * Text the server prints once it is ready (e.g. Redis' {@code "Ready to accept connections"}).
         * When set, readiness needs both this text in the output of the current start and the port
         * accepting; this tells our server apart from another process that took the port first.
         */
        public Builder readyLogLine(String text) {
            this.readyLogLine = Objects.requireNonNull(text, "readyLogLine");
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** Starts the server and waits until it is ready; see {@link ServerProcess}. */
        public ServerProcess start() {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port is required (1..65535), not " + port);
            }
            if (directory == null) {
                throw new IllegalArgumentException("directory is required");
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
            return new ServerProcess(this).launch();
        }
    }
}
