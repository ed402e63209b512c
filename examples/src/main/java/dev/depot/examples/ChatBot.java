package dev.depot.examples;

import dev.depot.DbMap;
import dev.depot.DbValue;
import dev.depot.Depot;
import dev.depot.DepotConfig;
import dev.depot.Stored;
import dev.depot.WriteMode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * An event handler that keeps its state in {@link Stored} fields: the style Depot offers to
 * bots and clients. Run it twice: the second run continues where the first stopped.
 *
 * <pre>
 * DEPOT_URL=sqlite:./bot-data/bot.db java -cp ... dev.depot.examples.ChatBot
 * </pre>
 */
public final class ChatBot {
    /** A chat the bot is in, stored as JSON. */
    public record Chat(long id, String title, int messages, Instant lastMessage) {}

    /** An incoming event. */
    public record Message(long chatId, String chatTitle, String user, String text, Instant at) {}

    @Stored DbMap<Long, Chat> chats;                           // map "ChatBot_chats": Long -> JSON
    @Stored(name = "karma") DbMap<String, Integer> karma;      // map "karma": String -> Integer
    @Stored DbValue<Long> handled;                             // value "ChatBot_handled"
    @Stored(writeMode = WriteMode.WRITE_BEHIND, flushIntervalMillis = 500)
    DbMap<String, Instant> lastSeen;                           // hot, written on every message

    /** Handles one event; every change is in the store when it returns (lastSeen: within 0.5 s). */
    void onMessage(Message m) {
        chats.merge(m.chatId(), new Chat(m.chatId(), m.chatTitle(), 1, m.at()),
                (old, fresh) -> new Chat(old.id(), fresh.title(), old.messages() + 1, fresh.lastMessage()));
        if (m.text().endsWith("++")) {
            karma.merge(m.text().substring(0, m.text().length() - 2).trim(), 1, Integer::sum);
        }
        lastSeen.put(m.user(), m.at());
        handled.update(n -> n == null ? 1L : n + 1);
    }

    /** Prints what the bot knows. */
    void report(PrintStream out) {
        out.println("events handled so far: " + handled.getOrDefault(0L));
        try (var all = chats.stream()) {
            all.forEach(e -> out.println("chat " + e.getValue().title() + ": " + e.getValue().messages() + " messages"));
        }
        karma.forEach((user, points) -> out.println("karma " + user + " = " + points));
    }

    public static void main(String[] args) {
        run(DepotConfig.fromEnv(), System.out);
    }

    static void run(DepotConfig config, PrintStream out) {
        try (Depot depot = Depot.open(config)) {
            ChatBot bot = depot.bind(new ChatBot());
            out.println("state in " + depot.storeDescription());
            for (Message m : List.of(
                    new Message(1, "general", "ann", "hello", Instant.now()),
                    new Message(1, "general", "bob", "ann++", Instant.now()),
                    new Message(2, "random", "ann", "bob++", Instant.now()))) {
                bot.onMessage(m);
            }
            bot.report(out);
        }
    }
}
