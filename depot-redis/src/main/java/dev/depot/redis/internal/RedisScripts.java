package dev.depot.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts behind the conditional operations of a map hash. Each reads and writes one
 * field of one hash ({@code KEYS[1]}, field {@code ARGV[1]}), so Redis runs it atomically and,
 * in a Cluster, on the node that holds the map. Lua strings are byte strings, so {@code ==}
 * compares the stored value with the expected one byte for byte.
 *
 * <p>Run by SHA ({@code EVALSHA}); the script cache is empty after a restart, a failover or
 * {@code SCRIPT FLUSH}, so on {@code NOSCRIPT} the script is sent in full with {@code EVAL},
 * which also caches it again. No state is kept about which node has loaded what.
 */
enum RedisScripts {
    /**
     * The value, read on the master: what {@code getForUpdate} runs when plain reads go to
     * replicas ({@code readFrom=replicaPreferred}), since Lettuce sends scripts to the master.
     */
    GET(ScriptOutputType.VALUE, """
            return redis.call('HGET', KEYS[1], ARGV[1])"""),
    /** put: the previous value, or nil. */
    PUT(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return old"""),
    /** putIfAbsent: the present value (nothing written), or nil when written. */
    PUT_IF_ABSENT(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then return old end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return false"""),
    /** replace(k, v): the previous value (replaced), or nil (nothing written). */
    REPLACE(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            return old"""),
    /** replace(k, expected, v): 1 when the stored bytes equalled ARGV[2] and were replaced by ARGV[3]. */
    REPLACE_IF(ScriptOutputType.INTEGER, """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
              return 1
            end
            return 0"""),
    /** remove(k): the previous value, or nil. */
    REMOVE(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return old"""),
    /** remove(k, expected): 1 when the stored bytes equalled ARGV[2] and the field was removed. */
    REMOVE_IF(ScriptOutputType.INTEGER, """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
              return 1
            end
            return 0""");

    private final ScriptOutputType output;
    private final byte[] source;
    private final String sha;

    RedisScripts(ScriptOutputType output, String source) {
        this.output = output;
        this.source = source.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(this.source);
    }

    byte[] source() {
        return source;
    }

    String sha() {
        return sha;
    }

    /** Runs the script on {@code key} with {@code args}: EVALSHA, and EVAL when the server lacks it. */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] key, byte[]... args) {
        byte[][] keys = {key};
        CompletableFuture<T> bySha = commands.<T>evalsha(sha, output, keys, args).toCompletableFuture();
        return bySha.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException
                    || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"))) {
                return commands.<T>eval(source, output, keys, args);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
