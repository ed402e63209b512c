package dev.depot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindTest {
    record Chat(long id, String title) {}

    static class Base {
        @Stored DbValue<Instant> started;
    }

    static class Handler extends Base {
        @Stored DbMap<Long, Chat> chats;
        @Stored(name = "seen") DbMap<UUID, Instant> seen;
        @Stored DbMap<String, byte[]> blobs;
        @Stored DbValue<Integer> counter;
        DbMap<Long, String> notBound;
    }

    static class BadGeneric {
        @Stored DbMap<Long, String> fine;
        @Stored DbMap<Long, List<String>> tags;
    }

    static class Raw {
        @SuppressWarnings("rawtypes")
        @Stored DbMap raw;
    }

    @TempDir
    Path dir;

    @Test
    void fillsFieldsWithMapsNamedAfterClassAndField() {
        try (Depot depot = Depot.open("memory:" + dir)) {
            Handler h = depot.bind(new Handler());
            h.chats.put(1L, new Chat(1, "general"));
            h.seen.put(new UUID(1, 2), Instant.EPOCH);
            h.counter.set(3);
            h.started.set(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(h.notBound).isNull();
            assertThat(depot.mapInfo("Handler_chats")).contains(new MapInfo("Handler_chats", "long", "json:" + Chat.class.getName()));
            assertThat(depot.mapInfo("seen")).isPresent();
            assertThat(depot.mapInfo("Base_started")).isPresent();
        }
        try (Depot depot = Depot.open("memory:" + dir)) {
            Handler h = depot.bind(new Handler());
            assertThat(h.chats.get(1L)).isEqualTo(new Chat(1, "general"));
            assertThat(h.counter.get()).isEqualTo(3);
            assertThat(h.started.get()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        }
    }

    @Test
    void unmappableFieldsAreNamedAndNothingIsOpened() {
        try (Depot depot = Depot.open("memory:")) {
            assertThatThrownBy(() -> depot.bind(new BadGeneric())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("BadGeneric.tags").hasMessageContaining("List<java.lang.String>");
            assertThat(depot.maps()).isEmpty();
            assertThatThrownBy(() -> depot.bind(new Raw())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Raw.raw");
        }
    }

    static class Listening {
        final java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        @Stored(listener = "onChat") DbMap<Long, Chat> chats;

        private void onChat(MapEvent<Long, Chat> event) {
            seen.add(event.kind() + " " + event.key() + " " + event.value().title());
        }
    }

    static class MissingListener {
        @Stored DbMap<Long, String> fine;
        @Stored(listener = "nope") DbMap<Long, String> chats;
    }

    static class WrongListener {
        @Stored(listener = "onChat") DbMap<Long, String> chats;

        void onChat(String notAnEvent) {}
    }

    static class ListenerOnValue {
        @Stored(listener = "onIt") DbValue<String> value;

        void onIt(MapEvent<String, String> event) {}
    }

    @Test
    void aStoredFieldsListenerMethodGetsItsChanges() throws InterruptedException {
        try (Depot depot = Depot.open("memory:")) {
            Listening l = depot.bind(new Listening());
            l.chats.put(1L, new Chat(1, "general"));
            assertThat(l.seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("PUT 1 general");
        }
    }

    @Test
    void aMissingOrIllShapedListenerIsNamedAndNothingIsOpened() {
        try (Depot depot = Depot.open("memory:")) {
            assertThatThrownBy(() -> depot.bind(new MissingListener())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MissingListener.chats").hasMessageContaining("listener method 'nope' not found")
                    .hasMessageContaining("nope(MapEvent<K, V> event)");
            assertThatThrownBy(() -> depot.bind(new WrongListener())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("WrongListener.chats").hasMessageContaining("'onChat' not found");
            assertThatThrownBy(() -> depot.bind(new ListenerOnValue())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ListenerOnValue.value").hasMessageContaining("DbMap fields only");
            assertThat(depot.maps()).isEmpty();
        }
    }
}
