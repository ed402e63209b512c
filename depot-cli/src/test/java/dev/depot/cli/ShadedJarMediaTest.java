package dev.depot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, as the README says users run it: {@code java -jar depot.jar media upload FILE}
 * in a fresh folder. It must carry depot-media (found through the merged service files) and leave
 * the record and the files in {@code ./depot-data}. A child JVM, so an integration test; it needs
 * the jar {@code package} builds before failsafe runs.
 */
@Tag("integration")
class ShadedJarMediaTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {}

    private Run depot(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "depot.jar").toAbsolutePath();
        assertThat(jar).as("the shaded jar (./mvnw package -pl depot-cli -am builds it)").exists();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("finished: " + out).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void mediaUploadInAFreshFolderStoresIntoDepotData() throws Exception {
        Files.write(dir.resolve("photo.jpg"), MediaCommandsTest.jpeg(640, 480));
        Files.writeString(dir.resolve("notes.jpg"), "text named like a picture");

        Run upload = depot("media", "upload", "photo.jpg");
        assertThat(upload.exit()).as(upload.out()).isZero();
        String id = upload.out().strip();
        assertThat(id).matches("\\d+");
        try (Stream<Path> files = Files.walk(dir.resolve("depot-data").resolve("media"))) {
            assertThat(files.filter(Files::isRegularFile).map(Path::toString).filter(f -> !f.contains(".depot")))
                    .hasSize(2).allMatch(f -> f.endsWith(".jpeg"));
        }
        Run show = depot("media", "show", id);
        assertThat(show.out()).as(show.out()).contains("\"status\" : \"DONE\"");

        Run refused = depot("media", "upload", "notes.jpg");
        assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
    }
}
