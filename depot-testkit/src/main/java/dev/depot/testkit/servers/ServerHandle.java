package dev.depot.testkit.servers;

import java.util.Objects;

/**
 * What every throwaway server of this package offers: its address, its {@link ServerProcess}
 * (to pause, kill or restart it in fault tests) and {@link #close()}, which stops it for good.
 * Thread-safe.
 */
public abstract class ServerHandle implements AutoCloseable {
    private final String label;
    private final ServerProcess process;

    /** A handle shown as {@code label@host:port}. */
    protected ServerHandle(String label, ServerProcess process) {
        this.label = Objects.requireNonNull(label, "label");
        this.process = Objects.requireNonNull(process, "process");
    }

    public String host() {
        return process.host();
    }

    public int port() {
        return process.port();
    }

    /** The underlying process, to pause, kill or restart it. */
    public ServerProcess process() {
        return process;
    }

    /** {@code kill -9}. */
    public void kill() {
        process.kill();
    }

    /** Stops the server; {@link #restart()} starts it again. */
    public void stop() {
        process.stop();
    }

    /** Starts the server again on the same port with the same directory (and so its data, if it keeps any). */
    public void restart() {
        process.restart();
    }

    /** Stops the server for good. */
    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return label + "@" + host() + ":" + port();
    }
}
