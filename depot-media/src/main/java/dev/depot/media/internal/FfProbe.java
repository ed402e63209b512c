package dev.depot.media.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.MediaRejectedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ffprobe} reads from a file's header and first packets, without decoding it: its
 * container, duration and streams. Stateless and thread-safe.
 */
final class FfProbe {
    static final String PACKAGE = "ffmpeg";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stream as ffprobe describes it; numbers it does not give are 0. */
    record Stream(int index, String type, String codec, String pixelFormat, int width, int height, double frameRate,
                  long frames, boolean attachedPicture, int rotation) {
        boolean isVideo() {
            return type.equals("video") && !attachedPicture;
        }

        /** Width as shown, after the rotation the player applies (a quarter turn swaps the sides). */
        int displayWidth() {
            return Math.abs(rotation) % 180 == 90 ? height : width;
        }

        int displayHeight() {
            return Math.abs(rotation) % 180 == 90 ? width : height;
        }
    }

    /** The whole file: container names, declared duration in seconds, overall bitrate, streams. */
    record Probe(String formatName, double duration, long bitrate, List<Stream> streams) {
        Optional<Stream> video() {
            return streams.stream().filter(Stream::isVideo).findFirst();
        }

        Optional<Stream> audio() {
            return streams.stream().filter(s -> s.type().equals("audio")).findFirst();
        }

        /** Embedded cover art (an audio file's attached picture). */
        Optional<Stream> cover() {
            return streams.stream().filter(Stream::attachedPicture).findFirst();
        }
    }

    private FfProbe() {}

    /**
     * Probes {@code file}.
     *
     * @throws MediaRejectedException when ffprobe cannot read it
     */
    static Probe probe(Path file, Duration timeout) {
        // Quiet: a decoder's complaints about the first packets would land inside the JSON (one output pipe).
        ProcessRunner.Result r = ProcessRunner.run(List.of("ffprobe", "-v", "quiet", "-show_format", "-show_streams",
                "-of", "json", file.toString()), Map.of(), timeout, PACKAGE);
        JsonNode root = null;
        if (r.ok()) {
            try {
                root = JSON.readTree(r.output());
            } catch (Exception e) {
                root = null;
            }
        }
        if (root == null || !root.path("format").isObject()) {
            ProcessRunner.Result why = ProcessRunner.run(List.of("ffprobe", "-v", "error", file.toString()), Map.of(),
                    timeout, PACKAGE);
            throw new MediaRejectedException("ffprobe cannot read it: " + why.lastLine());
        }
        JsonNode format = root.path("format");
        List<Stream> streams = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            double rate = rate(s.path("avg_frame_rate").asText(""));
            streams.add(new Stream(s.path("index").asInt(), s.path("codec_type").asText(""),
                    s.path("codec_name").asText(""), s.path("pix_fmt").asText(""), s.path("width").asInt(),
                    s.path("height").asInt(), rate > 0 ? rate : rate(s.path("r_frame_rate").asText("")),
                    s.path("nb_frames").asLong(0), s.path("disposition").path("attached_pic").asInt() == 1,
                    rotation(s)));
        }
        return new Probe(format.path("format_name").asText(""), format.path("duration").asDouble(0),
                format.path("bit_rate").asLong(0), List.copyOf(streams));
    }

    /** {@code 30000/1001} as 29.97; 0 for {@code 0/0} or anything unreadable. */
    static double rate(String fraction) {
        try {
            int slash = fraction.indexOf('/');
            if (slash < 0) {
                return Double.parseDouble(fraction);
            }
            double den = Double.parseDouble(fraction.substring(slash + 1));
            return den == 0 ? 0 : Double.parseDouble(fraction.substring(0, slash)) / den;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A phone's display rotation: the display matrix side data (ffmpeg 5) or the older {@code rotate} tag. */
    private static int rotation(JsonNode stream) {
        for (JsonNode side : stream.path("side_data_list")) {
            if (side.has("rotation")) {
                return side.path("rotation").asInt();
            }
        }
        return stream.path("tags").path("rotate").asInt(0);
    }
}
