package dev.depot.examples.web;

import dev.depot.DbMap;
import dev.depot.Stored;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web app whose state is one {@link Stored} map, filled by
 * {@code depot-spring-boot-starter}. The store comes from {@code depot.url} (or
 * {@code DEPOT_URL}, {@code DATABASE_URL}, ...; SQLite under {@code ./depot-data} when none is
 * set); {@code /actuator/health} shows the {@code depot} component.
 *
 * <pre>
 * DATABASE_URL=jdbc:postgresql://localhost/notes?user=app&amp;password=... java -cp ... dev.depot.examples.web.NotesApp
 * curl -X PUT localhost:8080/notes/today -d 'buy milk'
 * curl localhost:8080/notes/today
 * </pre>
 */
@SpringBootApplication
public class NotesApp {
    public static void main(String[] args) {
        SpringApplication.run(NotesApp.class, args);
    }

    /** {@code PUT /notes/{id}} stores the body as the note; {@code GET /notes/{id}} reads it back. */
    @RestController
    public static class Notes {
        @Stored(name = "notes") DbMap<String, String> notes; // table <prefix>_notes on a SQL store

        @PutMapping("/notes/{id}")
        public ResponseEntity<Void> put(@PathVariable("id") String id, @RequestBody String text) {
            notes.put(id, text);
            return ResponseEntity.noContent().build();
        }

        @GetMapping("/notes/{id}")
        public ResponseEntity<String> get(@PathVariable("id") String id) {
            String text = notes.get(id);
            return text == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(text);
        }
    }
}
