package dev.depot.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class from the test's own class path: a second process for lease
 * tests, or a process to kill with SIGKILL in crash tests. Its output lines are collected; the
 * process is killed on {@link #close()} and at JVM exit.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    synchronized (all) {
                        all.add(line);
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }

    /** Starts {@code mainClass} with {@code args} on this JVM's class path; stderr goes with stdout. */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        return start(List.of("-Xmx512m"), mainClass, args);
    }

    /** Like {@link #start(Class, String...)} with the given JVM options (e.g. {@code -Xmx128m}) instead of {@code -Xmx512m}. */
    public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        try {
            return new ChildJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a child JVM: " + e.getMessage(), e);
        }
    }

    /** Waits for an output line starting with {@code prefix}; fails with the output so far. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("child JVM printed no line starting with '" + prefix + "' within " + timeout
                        + " (alive: " + process.isAlive() + "); output:\n" + output());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Writes {@code line} and a newline to the process's standard input: a command to a child that reads them. */
    public void send(String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the child JVM (alive: " + process.isAlive() + "): " + e.getMessage()
                    + "; output:\n" + output(), e);
        }
    }

    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for a normal exit and returns the exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child JVM did not exit within " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
