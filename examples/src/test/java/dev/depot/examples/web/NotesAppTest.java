package dev.depot.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.testkit.TestPrefixes;
import dev.depot.testkit.junit.PostgresTest;
import dev.depot.testkit.servers.PostgresServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Boots the example web app against a real PostgreSQL on a free port and talks to it over HTTP:
 * a note written through the endpoint is in PostgreSQL, {@code /actuator/health} is UP with the
 * {@code depot} component, {@code /actuator/metrics} answers.
 */
@PostgresTest
class NotesAppTest {
    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNoteWrittenOverHttpIsInPostgresAndActuatorAnswers() throws Exception {
        var pg = PostgresServers.shared();
        String prefix = TestPrefixes.fresh("notes");
        // the application's own spelling: a jdbc: URL, as DATABASE_URL would hold it
        String url = pg.jdbcUrl("depot");
        try (ConfigurableApplicationContext ctx = SpringApplication.run(NotesApp.class, "--server.port=0",
                "--depot.url=" + url, "--depot.prefix=" + prefix, "--depot.session-dir=" + dir)) {
            String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + "/notes/today"))
                    .PUT(HttpRequest.BodyPublishers.ofString("buy milk")).header("Content-Type", "text/plain"));
            assertThat(put.statusCode()).isEqualTo(204);
            HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(base + "/notes/today")));
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("buy milk");
            assertThat(pg.psql("depot", "SELECT convert_from(v, 'UTF8') FROM " + prefix + "_notes WHERE k = 'today'").trim())
                    .isEqualTo("buy milk");

            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")));
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode status = JSON.readTree(health.body());
            assertThat(status.path("status").asText()).isEqualTo("UP");
            JsonNode depot = status.path("components").path("depot");
            assertThat(depot.path("status").asText()).as(health.body()).isEqualTo("UP");
            assertThat(depot.path("details").path("store").asText()).isEqualTo("postgresql://postgres@127.0.0.1:" + pg.port()
                    + "/depot");

            HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics")));
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(metrics.body()).path("names").toString()).contains("\"jvm.memory.used\"");
            assertThat(JSON.readTree(metrics.body()).path("names").toString()).as("Depot's own meters")
                    .contains("\"depot.store.calls\"").contains("\"hikaricp.connections\"");
            assertThat(depot.path("details").path("parts").path("store").path("status").asText()).isEqualTo("UP");
            HttpResponse<String> threads = send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/jvm.threads.live")));
            assertThat(threads.statusCode()).isEqualTo(200);
        }
    }
}
