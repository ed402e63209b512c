package dev.depot.redis.internal;

import dev.depot.StoreUnavailableException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code WAIT} that follows every write when the store URL has {@code waitReplicas=N}
 * (standalone and Sentinel): a write counts as done only once {@code N} replicas have confirmed
 * it, so a failover that promotes one of them keeps it.
 *
 * <p>{@code WAIT} is sent on the same connection once the write's reply is in: it waits for the
 * replication offset of that connection's latest write, which covers this one (a script re-sent
 * with {@code EVAL} after {@code NOSCRIPT} included, which a {@code WAIT} pipelined behind the
 * {@code EVALSHA} would miss). It waits at most half the operation timeout, so the whole
 * operation stays within its deadline. When fewer replicas confirm in time, the write has been
 * applied on the master but may be lost by a failover: the operation fails with
 * {@link StoreUnavailableException}, which says so, like any write whose outcome is unknown.
 *
 * <p>The cost: one more round trip per write, and {@code WAIT} blocks the shared connection on the
 * server until the replica answers, so writes of all threads queue behind it. Immutable.
 */
final class ReplicaWait {
    private final int replicas;
    private final long timeoutMs;
    private final String store;

    ReplicaWait(RedisSettings settings) {
        this.replicas = settings.waitReplicas();
        this.timeoutMs = Math.max(1, settings.timeout().toMillis() / 2);
        this.store = settings.masked();
    }

    /** {@code write}, followed by {@code WAIT} when replicas are asked for; {@code write} itself otherwise. */
    @SuppressWarnings("unchecked")
    <T> Function<RedisClusterAsyncCommands<byte[], byte[]>, CompletionStage<T>> after(String what,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> write) {
        if (replicas == 0) {
            return (Function<RedisClusterAsyncCommands<byte[], byte[]>, CompletionStage<T>>) write;
        }
        return c -> write.apply(c).thenCompose(reply -> c.waitForReplication(replicas, timeoutMs).thenApply(confirmed -> {
            if (confirmed == null || confirmed < replicas) {
                throw new StoreUnavailableException(what + ": written on the master of " + store + " but confirmed by "
                        + confirmed + " of " + replicas + " replicas within " + timeoutMs + " ms (waitReplicas); a failover "
                        + "may lose it, so the write may or may not have been kept. Retry when the replicas answer again", null);
            }
            return reply;
        }));
    }
}
