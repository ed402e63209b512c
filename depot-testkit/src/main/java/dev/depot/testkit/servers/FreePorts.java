package dev.depot.testkit.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback interface for throwaway servers.
 *
 * <p>A port is picked at random from a range, checked by binding it on {@code 127.0.0.1}, and
 * never handed out twice by this JVM. Random picks keep concurrent test JVMs on one machine from
 * racing for the same port; a small race remains between the check and the server's own bind,
 * so launchers should recognize their own server as ready (see
 * {@link ServerProcess.Builder#readyLogLine}) and may retry on another port.
 *
 * <p>Redis Cluster needs a second port at {@code port + 10000} (the cluster bus), so
 * {@link #withBusPort()} only returns ports up to {@value #MAX_CLUSTER_PORT} whose bus port is
 * free as well. Thread-safe.
 */
public final class FreePorts {
    /** Highest port whose Redis Cluster bus port ({@code port + 10000}) is still a valid port. */
    public static final int MAX_CLUSTER_PORT = 55535;
    private static final int LOW = 20000;
    private static final int HIGH = 60999;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A free loopback port. */
    public static int find() {
        return find(LOW, HIGH, 0);
    }

    /** A free loopback port {@code p <= } {@value #MAX_CLUSTER_PORT} whose {@code p + 10000} is free too. */
    public static int withBusPort() {
        return find(LOW, MAX_CLUSTER_PORT, 10000);
    }

    /**
     * A free loopback port in {@code [low, high]}; when {@code companionOffset} is not zero, the
     * port {@code p + companionOffset} must be free too.
     *
     * @throws IllegalStateException when none is found after many tries
     */
    public static int find(int low, int high, int companionOffset) {
        if (low < 1 || high > 65535 || low > high || high + companionOffset > 65535) {
            throw new IllegalArgumentException("bad port range [" + low + ", " + high + "] with offset " + companionOffset);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = random.nextInt(low, high + 1);
            if (HANDED_OUT.contains(port) || (companionOffset != 0 && HANDED_OUT.contains(port + companionOffset))) {
                continue;
            }
            if (isFree(port) && (companionOffset == 0 || isFree(port + companionOffset))
                    && HANDED_OUT.add(port)) {
                if (companionOffset != 0) {
                    HANDED_OUT.add(port + companionOffset);
                }
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port in [" + low + ", " + high + "] after 500 tries");
    }

    /**
     * Starts a server on a free port, trying another port (three tries in all) when the server
     * reports the port taken: a free port can be taken by another process between the check and
     * the server's bind.
     *
     * @param startOn starts the server on the given port; throws {@link IllegalStateException}
     *                whose message contains "already in use" when the port was taken
     */
    public static <T> T startOnAFreePort(java.util.function.IntFunction<T> startOn) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn.apply(find());
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("already in use") || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Whether nothing listens on {@code 127.0.0.1:port} and it can be bound now. */
    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
