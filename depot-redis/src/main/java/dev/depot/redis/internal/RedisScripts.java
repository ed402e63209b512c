package dev.depot.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts behind the conditional operations of a map hash. Each reads and writes one
 * field of one hash ({@code KEYS[1]}, field {@code ARGV[1]}), so Redis runs it atomically and,
 * in a Cluster, on the node that holds the map. Lua strings are byte strings, so {@code ==}
 * compares the stored value with the expected one byte for byte.
 *
 * <p>Each script comes in two forms. The plain one is what a map runs when nobody asked for
 * change notifications. The announcing one (see {@link ChangeAnnouncer}) takes two more
 * arguments, last: the change channel and the encoded {@link ChangeMessage}, and publishes the
 * message in the same script, only when the script changed something, so the write and its
 * announcement are one atomic step and a failed condition announces nothing. {@code SET},
 * {@code DELETE}, {@code CLEAR} and {@code PUT_ALL} exist only to announce: plainly, those are
 * single commands.
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
            ANNOUNCE
            return old"""),
    /** putIfAbsent: the present value (nothing written), or nil when written. */
    PUT_IF_ABSENT(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then return old end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            ANNOUNCE
            return false"""),
    /** replace(k, v): the previous value (replaced), or nil (nothing written). */
    REPLACE(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              ANNOUNCE
            end
            return old"""),
    /** replace(k, expected, v): 1 when the stored bytes equalled ARGV[2] and were replaced by ARGV[3]. */
    REPLACE_IF(ScriptOutputType.INTEGER, """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
              ANNOUNCE
              return 1
            end
            return 0"""),
    /** remove(k): the previous value, or nil. */
    REMOVE(ScriptOutputType.VALUE, """
            local old = redis.call('HGET', KEYS[1], ARGV[1])
            if old then
              redis.call('HDEL', KEYS[1], ARGV[1])
              ANNOUNCE
            end
            return old"""),
    /** remove(k, expected): 1 when the stored bytes equalled ARGV[2] and the field was removed. */
    REMOVE_IF(ScriptOutputType.INTEGER, """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              redis.call('HDEL', KEYS[1], ARGV[1])
              ANNOUNCE
              return 1
            end
            return 0"""),
    /** set(k, v), announcing: HSET. */
    SET(ScriptOutputType.INTEGER, """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            ANNOUNCE
            return 1""", true),
    /** delete(k), announcing: 1 when the field existed and was removed. */
    DELETE(ScriptOutputType.INTEGER, """
            local n = redis.call('HDEL', KEYS[1], ARGV[1])
            if n > 0 then ANNOUNCE end
            return n""", true),
    /** clear(), announcing: the hash unlinked; announced even when it was empty, which costs a message and nothing else. */
    CLEAR(ScriptOutputType.INTEGER, """
            local n = redis.call('UNLINK', KEYS[1])
            ANNOUNCE
            return n""", true),
    /**
     * One putAll chunk, announcing: ARGV holds field, value pairs before the channel and the
     * message (which lists every key of the chunk). HSET takes at most a few thousand pairs at
     * a time, since Lua's unpack is bounded by its C stack.
     */
    PUT_ALL(ScriptOutputType.INTEGER, """
            local n = #ARGV - 2
            for i = 1, n, 1000 do
              redis.call('HSET', KEYS[1], unpack(ARGV, i, math.min(i + 999, n)))
            end
            ANNOUNCE
            return n / 2""", true);

    /** What {@code ANNOUNCE} becomes in the announcing form: the last two arguments are channel and message. */
    private static final String PUBLISH = "redis.call('PUBLISH', ARGV[#ARGV - 1], ARGV[#ARGV])";

    private final ScriptOutputType output;
    private final boolean announcingOnly;
    private final byte[] plain;
    private final byte[] announcing;
    private final String plainSha;
    private final String announcingSha;

    RedisScripts(ScriptOutputType output, String source) {
        this(output, source, false);
    }

    RedisScripts(ScriptOutputType output, String source, boolean announcingOnly) {
        this.output = output;
        this.announcingOnly = announcingOnly;
        // a line that only announced is left blank in the plain form
        this.plain = source.replace("ANNOUNCE", "").getBytes(StandardCharsets.UTF_8);
        this.announcing = source.replace("ANNOUNCE", PUBLISH).getBytes(StandardCharsets.UTF_8);
        this.plainSha = sha1(plain);
        this.announcingSha = sha1(announcing);
    }

    /** The source of one form to load into each master, by its SHA; empty for the plain form of an announcing-only script. */
    Map<String, byte[]> source(boolean announcingForm) {
        if (announcingForm) {
            return Map.of(announcingSha, announcing);
        }
        return announcingOnly ? Map.of() : Map.of(plainSha, plain);
    }

    /** The SHA of the plain form (of the announcing form for an announcing-only script). */
    String sha() {
        return announcingOnly ? announcingSha : plainSha;
    }

    /** Runs the plain form on {@code key} with {@code args}: EVALSHA, and EVAL when the server lacks it. */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] key, byte[]... args) {
        if (announcingOnly) {
            throw new IllegalStateException(this + " only exists in the announcing form");
        }
        return run(commands, plainSha, plain, key, args);
    }

    /**
     * Runs the announcing form: {@code args}, then the channel and the message, published when
     * the script changes something.
     */
    <T> CompletionStage<T> runAnnouncing(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] key, byte[] channel,
                                         byte[] message, byte[]... args) {
        byte[][] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = channel;
        all[args.length + 1] = message;
        return run(commands, announcingSha, announcing, key, all);
    }

    private <T> CompletionStage<T> run(RedisClusterAsyncCommands<byte[], byte[]> commands, String sha, byte[] source,
                                       byte[] key, byte[][] args) {
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
