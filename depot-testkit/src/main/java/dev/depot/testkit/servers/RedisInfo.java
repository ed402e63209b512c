package dev.depot.testkit.servers;

import dev.depot.testkit.servers.RedisServers.RedisServer;

/** Reads a running Redis's {@code INFO} through {@code redis-cli}, for tests that check what a failover did. Stateless. */
public final class RedisInfo {
    private RedisInfo() {}

    /** {@code role:master} or {@code role:slave}, from the server's {@code INFO replication}. */
    public static String role(RedisServer server) {
        return line(server.cli("INFO", "replication"), "role:");
    }

    /** The first line of {@code info} starting with {@code start}, trimmed. */
    static String line(String info, String start) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(start)) {
                return line.trim();
            }
        }
        throw new IllegalStateException("no '" + start + "' in:\n" + info);
    }

    /** The value after {@code name} in redis-cli's one-item-per-line output of a flat reply, or null. */
    static String field(String reply, String name) {
        String[] lines = reply.split("\r?\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().equals(name)) {
                return lines[i + 1].trim();
            }
        }
        return null;
    }
}
