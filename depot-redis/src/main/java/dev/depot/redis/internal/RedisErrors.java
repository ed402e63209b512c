package dev.depot.redis.internal;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * What a failure from Lettuce or the Redis server means, for {@link RedisConnection}: whether
 * the store is unavailable (retryable), whether a command never left this process, whether it
 * is a timeout or refused credentials, and what to tell the operator about a server error. Lettuce
 * reports several of these only in its messages, so the message texts it uses are listed here,
 * each with a unit test, rather than spread through the connection code. Stateless.
 */
final class RedisErrors {
    /** Server error replies that mean "not now": a replica, a failover or a cluster change in progress, a loading dataset. */
    private static final String[] UNAVAILABLE_REPLIES = {"READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "LOADING", "NOREPLICAS"};

    private RedisErrors() {}

    /** True when the store cannot be reached or cannot serve now, so the same operation may succeed later. */
    static boolean isUnavailable(Throwable t) {
        if (t instanceof RedisConnectionException || t instanceof RedisCommandTimeoutException
                || t instanceof RedisCommandInterruptedException || t instanceof RedisLoadingException
                || t instanceof RedisBusyException || t instanceof IOException || t instanceof TimeoutException) {
            return true;
        }
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof RedisCommandExecutionException) {
            for (String reply : UNAVAILABLE_REPLIES) {
                if (m.startsWith(reply)) {
                    return true;
                }
            }
            return false;
        }
        if (t instanceof RedisException) {
            // "Connection disconnected": Lettuce fails the commands still pending when the server
            // closes the connection cleanly, e.g. when it dies after reading them.
            return m.startsWith("Connection closed") || m.startsWith("Connection disconnected")
                    || m.startsWith("Currently not connected")
                    || m.equals("Connection is closed") || m.contains("Connection reset")
                    || (t.getCause() != null && t.getCause() != t && isUnavailable(t.getCause()));
        }
        return false;
    }

    /**
     * True when Lettuce refused the command before writing it, because the connection was
     * already gone: it is safe to send again on a new connection, even a compare-and-set.
     */
    static boolean notSent(Throwable t) {
        String m = t.getMessage();
        return t instanceof RedisException && m != null
                && (m.startsWith("Currently not connected") || m.equals("Connection is closed"));
    }

    /** A timeout anywhere in the chain: the handshake's, or the TCP connect's (Netty's ConnectTimeoutException is a ConnectException). */
    static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RedisCommandTimeoutException || c instanceof TimeoutException
                    || (c instanceof java.net.ConnectException && String.valueOf(c.getMessage()).contains("timed out"))) {
                return true;
            }
        }
        return false;
    }

    /** The server's refusal of the credentials in the chain ({@code WRONGPASS}, {@code NOAUTH}, ...), or null. */
    static RedisCommandExecutionException authFailure(Throwable t) {
        RedisCommandExecutionException e = find(t, RedisCommandExecutionException.class);
        if (e == null || e.getMessage() == null) {
            return null;
        }
        String u = e.getMessage().toUpperCase(Locale.ROOT);
        boolean auth = u.startsWith("WRONGPASS") || u.startsWith("NOAUTH") || u.contains("INVALID PASSWORD")
                || u.contains("INVALID USERNAME-PASSWORD");
        return auth ? e : null;
    }

    /**
     * True when Lettuce lost the server's reply to the connection handshake: the server refused
     * the handshake (a wrong password, say) and closed the connection so fast that Lettuce found
     * its handshake handler already gone when it came to read the outcome. A race in Lettuce's
     * connect ({@code AbstractRedisClient}), seen with Lettuce 7 under load: it reports an
     * {@link IllegalStateException} "RedisHandshakeHandler not registered" instead of the reply.
     */
    static boolean handshakeReplyLost(Throwable t) {
        IllegalStateException e = find(t, IllegalStateException.class);
        return e != null && "RedisHandshakeHandler not registered".equals(e.getMessage());
    }

    /** What the operator can do about a server error reply, as text to append to its message; empty when nothing specific. */
    static String hint(String reply) {
        if (reply.startsWith("WRONGTYPE")) {
            return "; the key holds something Depot did not write: another program uses this prefix, or the prefix must change";
        }
        if (reply.startsWith("NOPERM")) {
            return "; grant the Redis user access to the prefix's keys and to the commands HGET, HSET, HDEL, HLEN, HSCAN, "
                    + "HMGET, UNLINK, EVALSHA, EVAL, SCRIPT";
        }
        return "";
    }

    /** The failure's message, followed by its root cause's when that is another exception. */
    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r == t ? String.valueOf(t.getMessage()) : t.getMessage() + ": " + r.getMessage();
    }

    /** The first exception of {@code type} in the cause chain, or null. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
