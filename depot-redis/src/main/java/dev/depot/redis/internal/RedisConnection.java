package dev.depot.redis.internal;

import dev.depot.DepotException;
import dev.depot.StoreUnavailableException;
import dev.depot.spi.ReadFrom;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * The one multiplexed Lettuce connection of a Redis store (to a server, to the master found
 * through Sentinel, or to a Cluster), with the failure handling the store contract asks for.
 *
 * <p><b>Why Lettuce's auto-reconnect is off.</b> With auto-reconnect Lettuce is "at least
 * once": a command sent just before the connection dropped is sent again after the reconnect.
 * For a compare-and-set script that is wrong, not merely slow: {@code replace(k, old, new)}
 * would run twice, answer "no match" the second time, and the caller's {@code merge} would apply
 * its function twice. So commands are at most once here: a command whose connection breaks
 * fails with {@link StoreUnavailableException} (its write may or may not have been applied, as
 * that exception says), the broken connection is dropped, and the next operation connects
 * anew. A command that Lettuce rejected before sending it (the connection was already known to
 * be down) is retried once on a fresh connection, so the first operation after the server comes
 * back succeeds.
 *
 * <p><b>Timeouts.</b> Every operation, reconnecting included, has one deadline: the URL's
 * {@code timeout}, else the configured {@code operationTimeout}; opening the store has
 * {@code connectTimeout}. A server that stops answering (SIGSTOP, a partition) fails each
 * operation at its deadline with {@link StoreUnavailableException}, and the connection is
 * dropped, so a late reply cannot be taken for the next command's. Concurrent callers share one
 * connection attempt rather than queueing behind each other's, so none waits much longer than
 * its deadline.
 *
 * <p>Thread-safe. Long because the failure handling above (at most once, one deadline, shared
 * connection attempts, the Cluster's warm-up) is one piece: split, each part would need the
 * others' state.
 */
final class RedisConnection implements AutoCloseable {
    /** A connected Lettuce connection and the commands over it. */
    private record Live(StatefulConnection<byte[], byte[]> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {
        boolean isOpen() {
            return connection.isOpen();
        }
    }

    /** Connection attempts when the server's reply to the handshake was lost; see {@link #connectAsync()}. */
    private static final int HANDSHAKE_ATTEMPTS = 3;

    private final RedisSettings settings;
    private final ClientResources resources;
    /** False when {@link #resources} are the application's: then never released here. */
    private final boolean ownResources;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final RedisURI uri;
    private final ReplicaWait replicaWait;
    private volatile Live live;
    private CompletableFuture<Live> connecting;
    private boolean closed;

    /**
     * Connects at once, so a wrong URL or a server that is down fails {@code Depot.open}.
     *
     * @throws StoreUnavailableException when the server cannot be reached within the timeout
     * @throws DepotException when it refuses the credentials or the TLS handshake fails
     */
    RedisConnection(RedisSettings settings) {
        this(settings, dev.depot.spi.DepotObserver.NONE, "", null);
    }

    /**
     * Like {@link #RedisConnection(RedisSettings)}. An observer other than NONE gets Depot's own
     * client resources' builder first. {@code appResources}: the application's (event loops,
     * timers, Lettuce's command latency recorder) instead of Depot's, never shut down here; null
     * for Depot's own.
     */
    RedisConnection(RedisSettings settings, dev.depot.spi.DepotObserver observer, String prefix, ClientResources appResources) {
        this.settings = settings;
        this.replicaWait = new ReplicaWait(settings);
        List<RedisURI> uris = uris(settings);
        this.uri = uris.get(0);
        this.ownResources = appResources == null;
        this.resources = appResources != null ? appResources : SharedClientResources.acquire(observer, prefix);
        if (settings.mode() == RedisSettings.Mode.CLUSTER) {
            this.client = null;
            this.clusterClient = RedisClusterClient.create(resources, uris);
            // Every adaptive refresh trigger (MOVED, ASK, reconnects, an uncovered slot): since
            // Lettuce 7 the builder's default; enableAllAdaptiveRefreshTriggers() does nothing.
            clusterClient.setOptions(ClusterClientOptions.builder(clientOptions(settings))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().build())
                    .build());
        } else {
            this.clusterClient = null;
            this.client = RedisClient.create(resources);
            client.setOptions(clientOptions(settings));
        }
        try {
            live(System.nanoTime(), settings.connectTimeout(), "connect", true);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static ClientOptions clientOptions(RedisSettings s) {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(s.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(s.timeout()));
        if (s.tls()) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
            if (s.caCert() != null) {
                ssl.trustManager(s.caCert().toFile());
            }
            if (s.clientCert() != null) {
                ssl.keyManager(s.clientCert().toFile(), s.clientKey().toFile(), null);
            }
            b.sslOptions(ssl.build());
        }
        return b.build();
    }

    static List<RedisURI> uris(RedisSettings s) {
        List<RedisURI> out = new ArrayList<>();
        SslVerifyMode verify = s.verifyMode();
        if (s.mode() == RedisSettings.Mode.SENTINEL) {
            RedisURI.Builder b = RedisURI.builder().withSentinelMasterId(s.masterName());
            for (var h : s.hosts()) {
                RedisURI.Builder sentinel = RedisURI.builder().withHost(h.host()).withPort(h.port())
                        .withTimeout(s.connectTimeout()).withSsl(s.tls()).withVerifyPeer(verify);
                if (s.sentinelPassword() != null) {
                    sentinel.withPassword(s.sentinelPassword().toCharArray());
                }
                b.withSentinel(sentinel.build());
            }
            out.add(common(b, s, verify).withDatabase(s.database()).build());
            return out;
        }
        for (var h : s.hosts()) {
            RedisURI.Builder b = RedisURI.builder().withHost(h.host()).withPort(h.port());
            if (s.mode() == RedisSettings.Mode.STANDALONE) {
                b.withDatabase(s.database());
            }
            out.add(common(b, s, verify).build());
        }
        return out;
    }

    private static RedisURI.Builder common(RedisURI.Builder b, RedisSettings s, SslVerifyMode verify) {
        // The URI's timeout bounds the handshake (AUTH, HELLO, SELECT); commands have TimeoutOptions.
        b.withTimeout(s.connectTimeout()).withSsl(s.tls()).withVerifyPeer(verify).withClientName(s.clientName());
        if (s.libraryName() != null) {
            b.withLibraryName(s.libraryName());
        }
        if (s.libraryVersion() != null) {
            b.withLibraryVersion(s.libraryVersion());
        }
        if (s.password() != null) {
            if (s.user() != null) {
                b.withAuthentication(s.user(), s.password().toCharArray());
            } else {
                b.withPassword(s.password().toCharArray());
            }
        }
        return b;
    }

    RedisSettings settings() {
        return settings;
    }

    /** True when plain reads go to replicas ({@code readFrom=replicaPreferred} on Sentinel or Cluster). */
    boolean readsReplicas() {
        return settings.readFrom() == ReadFrom.REPLICA_PREFERRED;
    }

    /** The URL with passwords masked. */
    String description() {
        return settings.masked();
    }

    /**
     * Runs one command (or a few issued together) and waits for its reply.
     *
     * @param what names the operation in error messages, e.g. {@code "get from map 'peers'"}
     * @param op   issues the command(s) on the given commands and returns the reply's future
     * @throws StoreUnavailableException when the store cannot be reached or does not answer in time
     * @throws DepotException            when Redis answers with an error
     */
    <T> T call(String what, Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> op) {
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            Live l = live(start, settings.timeout(), what);
            CompletableFuture<T> f;
            try {
                f = op.apply(l.commands()).toCompletableFuture();
            } catch (RuntimeException e) {
                throw failure(what, l, e);
            }
            try {
                return await(f, deadline, what, l);
            } catch (NotSentException e) {
                drop(l);
                if (attempt >= 2) {
                    throw unavailable(what, e.getCause());
                }
            }
        }
    }

    /**
     * {@link #call} for a command that writes: with {@code waitReplicas}, it returns only once
     * enough replicas confirmed the write ({@link ReplicaWait}).
     */
    <T> T write(String what, Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> op) {
        return call(what, replicaWait.after(what, op));
    }

    /** {@link #callAsync} for a command that writes, as {@link #write}. */
    <T> CompletableFuture<T> writeAsync(String what, Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> op) {
        return callAsync(what, replicaWait.after(what, op));
    }

    /**
     * Issues one command without waiting: the asynchronous twin of {@link #call}. The future
     * completes with the reply, or exceptionally with the same exceptions {@code call} throws
     * (wrapped in a {@link CompletionException}); a reply later than the timeout fails it. Only
     * connecting, when there is no live connection, happens on the caller's thread.
     */
    <T> CompletableFuture<T> callAsync(String what, Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> op) {
        Live l;
        CompletableFuture<T> f;
        try {
            l = live(System.nanoTime(), settings.timeout(), what);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            f = op.apply(l.commands()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failure(what, l, e));
        }
        Live used = l;
        return f.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).handle((value, t) -> {
            if (t == null) {
                return value;
            }
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (cause instanceof TimeoutException) {
                drop(used);
                throw timedOut(what, cause);
            }
            throw failure(what, used, cause);
        });
    }

    /** Thrown inside {@link #call} when Lettuce rejected a command without sending it. */
    private static final class NotSentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSentException(Throwable cause) {
            super(cause);
        }
    }

    private <T> T await(CompletableFuture<T> f, long deadline, String what, Live l) {
        try {
            long left = deadline - System.nanoTime();
            return f.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            drop(l);
            throw timedOut(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new DepotException(what + ": interrupted while waiting for " + description(), e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (RedisErrors.notSent(cause)) {
                throw new NotSentException(cause);
            }
            throw failure(what, l, cause);
        }
    }

    /**
     * The live connection, connecting (or joining a connection attempt in progress) when there is
     * none, within {@code budget} from {@code start}.
     */
    private Live live(long start, Duration budget, String what) {
        return live(start, budget, what, false);
    }

    /**
     * {@link #live(long, Duration, String)}; with {@code fromAttempt} (opening the store) the
     * budget counts from when the attempt is under way instead of from {@code start}: starting it
     * builds Lettuce's connection objects on this thread, and the first time in a JVM that loads
     * their classes, which takes seconds on a busy machine (more with Lettuce 7) and says nothing
     * about the server.
     */
    private Live live(long start, Duration budget, String what, boolean fromAttempt) {
        Live l = live;
        if (l != null && l.isOpen()) {
            return l;
        }
        CompletableFuture<Live> attempt;
        synchronized (this) {
            if (closed) {
                throw new DepotException(what + ": the store " + description() + " is closed");
            }
            l = live;
            if (l != null && l.isOpen()) {
                return l;
            }
            if (l != null) {
                live = null;
                l.connection().closeAsync();
            }
            attempt = connecting;
            if (attempt == null) {
                CompletableFuture<Live> started = connectAsync();
                connecting = started;
                attempt = started;
                // may run at once, on this thread, when the attempt failed synchronously
                started.whenComplete((c, e) -> connected(started, c));
            }
        }
        long from = fromAttempt ? System.nanoTime() : start;
        try {
            long left = from + budget.toNanos() - System.nanoTime();
            return attempt.get(Math.max(left, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(what + ": cannot connect to " + description() + ", timed out after "
                    + budget.toMillis() + " ms; retry when it answers again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException(what + ": interrupted while connecting to " + description(), e);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw connectFailure(what, cause);
        }
    }

    private synchronized void connected(CompletableFuture<Live> attempt, Live c) {
        if (connecting == attempt) {
            connecting = null;
        }
        if (c == null) {
            return;
        }
        if (closed) {
            c.connection().closeAsync();
        } else {
            live = c;
        }
    }

    /**
     * Connects, trying again (up to {@value #HANDSHAKE_ATTEMPTS} attempts in all) when Lettuce lost
     * the reason the server closed the connection during the handshake: the next attempt reports
     * the server's reply (a refused password, say) instead. Connecting sends no command of the
     * caller's, so trying again is safe.
     */
    private CompletableFuture<Live> connectAsync() {
        return connectAsync(HANDSHAKE_ATTEMPTS);
    }

    private CompletableFuture<Live> connectAsync(int attempts) {
        CompletableFuture<Live> attempt = connectOnce();
        if (attempts <= 1) {
            return attempt;
        }
        return attempt.exceptionallyCompose(e -> RedisErrors.handshakeReplyLost(e)
                ? connectAsync(attempts - 1)
                : CompletableFuture.failedFuture(e));
    }

    private CompletableFuture<Live> connectOnce() {
        try {
            if (clusterClient != null) {
                // The topology is read afresh from the seeds on every (re)connect, so a Cluster
                // whose nodes moved or failed over while we were disconnected is found again.
                return clusterClient.refreshPartitionsAsync().toCompletableFuture()
                        .thenCompose(ignored -> clusterClient.connectAsync(ByteArrayCodec.INSTANCE))
                        .thenApply(c -> {
                            if (readsReplicas()) {
                                c.setReadFrom(io.lettuce.core.ReadFrom.REPLICA_PREFERRED);
                            }
                            return c;
                        })
                        .thenCompose(c -> warmUp(c, readsReplicas()));
            }
            if (readsReplicas()) {
                // Sentinel with replica reads: Lettuce's Master/Replica connection finds the master
                // and its replicas through the Sentinels and routes read commands to a replica.
                return MasterReplica.connectAsync(client, ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
                        .thenApply(c -> {
                            c.setReadFrom(io.lettuce.core.ReadFrom.REPLICA_PREFERRED);
                            return new Live(c, c.async());
                        });
            }
            return client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
                    .thenApply(c -> new Live(c, c.async()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Opens the connection to every master of the Cluster before the connection is used. Lettuce
     * opens these per-node connections lazily, on a node's first command, and since 7.0 (with
     * {@code REJECT_COMMANDS}) it rejects a command whose node connection is still being opened
     * instead of waiting for it: without this, the first command to each node would fail. A node
     * that cannot be reached does not fail the whole connection: the commands for its slots fail
     * as unavailable, the others work, as before. After the Cluster's topology changes, a command
     * routed to a node not connected yet is rejected the same way; {@link #call} then retries it
     * once on a fresh connection, which reads the topology and warms up again. With replica reads
     * ({@code readFrom=replicaPreferred}) the read connections to every master and replica are
     * opened the same way, or every first read to a node would be rejected.
     */
    private static CompletableFuture<Live> warmUp(StatefulRedisClusterConnection<byte[], byte[]> c, boolean replicaReads) {
        List<CompletableFuture<?>> nodes = new ArrayList<>();
        for (RedisClusterNode node : c.getPartitions()) {
            boolean master = servesSlots(node);
            if (master) {
                nodes.add(open(c, node, ConnectionIntent.WRITE));
            }
            // reads routed by ReadFrom use connections of their own (READONLY on replicas), opened lazily too
            if (replicaReads && (master || (node.is(RedisClusterNode.NodeFlag.REPLICA)
                    && !node.is(RedisClusterNode.NodeFlag.FAIL)))) {
                nodes.add(open(c, node, ConnectionIntent.READ));
            }
        }
        return CompletableFuture.allOf(nodes.toArray(CompletableFuture[]::new)).thenApply(ignored -> new Live(c, c.async()));
    }

    /**
     * A master that serves slots and is not marked failed. A master killed and replaced by its
     * replica stays in the Cluster's node table, flagged {@code fail} and without slots, until an
     * operator runs {@code CLUSTER FORGET}; a store opened meanwhile must not try to reach it.
     */
    private static boolean servesSlots(RedisClusterNode node) {
        return node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.hasNoSlots() && !node.is(RedisClusterNode.NodeFlag.FAIL);
    }

    /** Opens the connection to {@code node} for {@code intent}; a failure is left to the commands sent there. */
    private static CompletableFuture<?> open(StatefulRedisClusterConnection<byte[], byte[]> c, RedisClusterNode node,
                                             ConnectionIntent intent) {
        try {
            // by host and port, the key Lettuce uses for the connections serving a slot
            return c.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort(), intent).exceptionally(e -> null);
        } catch (RuntimeException e) {
            // this node's commands will fail when they are sent, with what this was
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Forgets a connection that failed, so the next operation connects anew. */
    private void drop(Live l) {
        synchronized (this) {
            if (live != l) {
                return;
            }
            live = null;
        }
        l.connection().closeAsync();
    }

    /**
     * The commands of every master: the server itself, or each upstream node of a Cluster that
     * serves slots. For what must reach each node (scripts, the durability check).
     */
    List<RedisClusterAsyncCommands<byte[], byte[]>> masters() {
        Live l = live(System.nanoTime(), settings.timeout(), "list the masters");
        if (l.connection() instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            List<RedisClusterAsyncCommands<byte[], byte[]>> out = new ArrayList<>();
            for (RedisClusterNode node : cluster.getPartitions()) {
                if (servesSlots(node)) {
                    StatefulRedisConnection<byte[], byte[]> c = call("connect to cluster node " + node.getUri(),
                            ignored -> cluster.getConnectionAsync(node.getNodeId()));
                    out.add(c.async());
                }
            }
            return out;
        }
        return List.of(l.commands());
    }

    private RuntimeException connectFailure(String what, Throwable t) {
        Throwable auth = RedisErrors.authFailure(t);
        if (auth != null) {
            return new DepotException(what + ": " + description() + " refused the credentials ("
                    + settings.scrub(auth.getMessage()) + "); check the user and password in the store URL");
        }
        if (RedisErrors.handshakeReplyLost(t)) {
            // Every attempt lost the reply: the server closes the connection at once each time,
            // which a refused password, ACL user or database number does.
            return new DepotException(what + ": " + description() + " refused the credentials or closed the connection during "
                    + "the handshake (" + settings.scrub(RedisErrors.rootMessage(t)) + "; its reply was lost); check the user, "
                    + "password and database in the store URL", t);
        }
        Throwable ssl = RedisErrors.find(t, SSLException.class);
        String alert = ssl == null ? "" : String.valueOf(ssl.getMessage());
        if (alert.contains("Received fatal alert")) {
            // the server ended the handshake (a certificate the client refuses fails without an
            // alert from the server): with tls-auth-clients, it wants a client certificate it trusts
            String fix = settings.clientCert() == null
                    ? "give a client certificate and its key with ?cert=/path/client.crt&key=/path/client.key"
                    : "the client certificate in cert= must be signed by a CA the server trusts (its tls-ca-cert-file)";
            return new DepotException(what + ": " + description() + " refused the TLS handshake ("
                    + settings.scrub(alert) + "); when it demands client certificates (tls-auth-clients), " + fix, ssl);
        }
        if (ssl != null) {
            return new DepotException(what + ": the TLS handshake with " + description() + " failed ("
                    + settings.scrub(ssl.getMessage()) + "). When the server's certificate is signed by a private CA, "
                    + "give its certificate with ?cacert=/path/ca.pem; ?verifyPeer=false turns verification off (unsafe)",
                    ssl);
        }
        if (RedisErrors.isTimeout(t)) {
            return new StoreUnavailableException(what + ": cannot connect to " + description() + ", timed out after "
                    + settings.connectTimeout().toMillis() + " ms (" + settings.scrub(RedisErrors.rootMessage(t))
                    + "); retry when it answers again", t);
        }
        String root = String.valueOf(RedisErrors.rootMessage(t));
        if (!settings.tls() && (root.contains("Connection reset") || root.contains("Connection closed"))) {
            // a TLS-only port reads the plain-text hello as a broken handshake and hangs up
            return new StoreUnavailableException(what + ": " + description() + " closed the connection at once ("
                    + settings.scrub(root) + "); if the server accepts TLS connections only, use rediss"
                    + settings.mode().scheme() + "://; else retry when it is back", t);
        }
        return unavailable(what, t);
    }

    /** Maps a failure of a command on {@code l}; drops the connection when it is broken. */
    private RuntimeException failure(String what, Live l, Throwable t) {
        if (t instanceof DepotException d) {
            return d;
        }
        if (t instanceof RedisCommandTimeoutException) {
            drop(l);
            return timedOut(what, t);
        }
        if (RedisErrors.isUnavailable(t)) {
            drop(l);
            return unavailable(what, t);
        }
        if (t instanceof RedisCommandExecutionException) {
            String m = settings.scrub(t.getMessage());
            return new DepotException(what + " failed on " + description() + ": " + m + RedisErrors.hint(m), t);
        }
        return new DepotException(what + " failed on " + description() + ": " + settings.scrub(String.valueOf(t.getMessage())), t);
    }

    /** A command without a reply by its deadline: the server hangs, or the network between. */
    private StoreUnavailableException timedOut(String what, Throwable cause) {
        return new StoreUnavailableException(what + ": no reply from " + description() + ", the operation timed out after "
                + settings.timeout().toMillis() + " ms; the write, if any, may or may not have been applied. Retry when it answers again",
                cause);
    }

    private StoreUnavailableException unavailable(String what, Throwable t) {
        return new StoreUnavailableException(what + ": " + description() + " is unavailable ("
                + settings.scrub(RedisErrors.rootMessage(t)) + "); retry when it is back", t);
    }

    @Override
    public void close() {
        Live l;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            l = live;
            live = null;
        }
        try {
            if (l != null) {
                l.connection().close();
            }
            shutdownClients();
        } finally {
            if (ownResources) {
                SharedClientResources.release(resources);
            }
        }
    }

    private void shutdownClients() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (clusterClient != null) {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
