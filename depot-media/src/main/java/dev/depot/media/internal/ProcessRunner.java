package dev.depot.media.internal;

import dev.depot.DepotException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external tool (vips, ffmpeg) on an upload: with a timeout after which the process is
 * killed, and with only the last {@value #MAX_OUTPUT} bytes of its output (stdout and stderr
 * together) kept, so a tool that prints without end cannot fill the heap, and the error a tool
 * prints as it stops is what is kept. Stateless.
 */
final class ProcessRunner {
    /** Most output bytes kept; the rest is read and dropped so the tool never blocks on a full pipe. */
    static final int MAX_OUTPUT = 64 * 1024;

    /** What a finished run printed and returned. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last line that is not blank: where the tools put the reason they failed. */
        String lastLine() {
            String[] lines = output.strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    return lines[i].strip();
                }
            }
            return "(no output)";
        }
    }

    private ProcessRunner() {}

    /**
     * Runs {@code command} with {@code environment} added to this process's environment.
     *
     * @throws DepotException when the tool cannot be started (naming the Debian package to install),
     *                        runs over {@code timeout} (it is killed), or the thread is interrupted
     */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout, String debianPackage) {
        return run(command, environment, timeout, debianPackage, line -> { });
    }

    /**
     * Like {@link #run(List, Map, Duration, String)}, handing every line of output to {@code lines} as
     * it is printed (on another thread; ffmpeg's {@code -progress} lines), whether or not it is kept.
     */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout, String debianPackage,
                      Consumer<String> lines) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new DepotException("cannot run '" + command.get(0) + "': " + e.getMessage()
                    + ". Install it (Debian: apt-get install " + debianPackage + ")", e);
        }
        try {
            process.getOutputStream().close(); // the tools read files, never stdin
        } catch (IOException e) {
            // Nothing was written to it, so there is nothing to lose.
        }
        BoundedReader reader = new BoundedReader(process.getInputStream(), lines);
        Thread drain = Thread.ofVirtual().start(reader);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new DepotException("'" + command.get(0) + "' ran longer than " + timeout + " and was stopped");
            }
            drain.join(TimeUnit.SECONDS.toMillis(10));
            return new Result(process.exitValue(), reader.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DepotException("interrupted while '" + command.get(0) + "' ran", e);
        }
    }

    /** Reads a stream to its end, keeping the last {@link #MAX_OUTPUT} bytes. */
    private static final class BoundedReader implements Runnable {
        private final InputStream in;
        private final Consumer<String> lines;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final StringBuilder line = new StringBuilder();
        private volatile boolean truncated;

        BoundedReader(InputStream in, Consumer<String> lines) {
            this.in = in;
            this.lines = lines;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (kept) {
                        kept.write(buf, 0, n);
                        if (kept.size() > 2 * MAX_OUTPUT) { // trimmed now and then, so each byte is copied about once
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - MAX_OUTPUT, MAX_OUTPUT);
                            truncated = true;
                        }
                    }
                    split(buf, n);
                }
            } catch (IOException e) {
                // The process was killed or closed its output: what was read so far is the output.
            }
        }

        /** Hands each complete line to the listener; a line longer than 1,000 characters is cut, not kept whole. */
        private void split(byte[] buf, int n) {
            for (int i = 0; i < n; i++) {
                char c = (char) (buf[i] & 0xff);
                if (c == '\n' || c == '\r') {
                    if (!line.isEmpty()) {
                        try {
                            lines.accept(line.toString());
                        } catch (RuntimeException e) {
                            // A listener's failure must not stop the draining, or the tool would block on its pipe.
                        }
                        line.setLength(0);
                    }
                } else if (line.length() < 1_000) {
                    line.append(c);
                }
            }
        }

        String text() {
            synchronized (kept) {
                byte[] all = kept.toByteArray();
                int from = Math.max(0, all.length - MAX_OUTPUT);
                return (truncated || from > 0 ? "[output truncated]\n" : "")
                        + new String(all, from, all.length - from, StandardCharsets.UTF_8);
            }
        }
    }
}
