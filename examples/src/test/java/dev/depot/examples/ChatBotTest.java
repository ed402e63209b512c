package dev.depot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.DepotConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatBotTest {
    @TempDir
    Path dir;

    private String run(String url) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChatBot.run(DepotConfig.builder().url(url).build(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSecondRunContinuesWhereTheFirstStopped() {
        String url = "sqlite:" + dir.resolve("bot.db");
        String first = run(url);
        assertThat(first).contains("events handled so far: 3", "chat general: 2 messages", "karma ann = 1", "karma bob = 1");
        String second = run(url);
        assertThat(second).contains("events handled so far: 6", "chat general: 4 messages", "chat random: 2 messages",
                "karma ann = 2");
    }
}
