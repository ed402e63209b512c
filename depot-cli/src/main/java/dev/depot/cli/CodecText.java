package dev.depot.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.depot.Codec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The text form of keys and values on the command line, chosen by the codec id the map
 * recorded: {@code long}/{@code int} decimal, {@code string} as is, {@code uuid} canonical,
 * {@code instant} ISO-8601, {@code bytes} base64, {@code json:...} JSON text. The same forms are
 * used for input and output, so what {@code depot get} prints {@code depot put} accepts.
 */
final class CodecText {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Codec<Object> codec;

    private CodecText(Codec<Object> codec) {
        this.codec = codec;
    }

    /**
     * The text form for the codec {@code id}.
     *
     * @throws IllegalArgumentException if no built-in codec has this id
     */
    @SuppressWarnings("unchecked")
    static CodecText forId(String id) {
        return new CodecText((Codec<Object>) Codec.forId(id));
    }

    Codec<Object> codec() {
        return codec;
    }

    /**
     * Parses {@code text}; {@code what} ("key", "value") names it in the error.
     *
     * @throws IllegalArgumentException when the text is not in this codec's form
     */
    Object parse(String text, String what) {
        String id = codec.id();
        try {
            return switch (id) {
                case "long" -> Long.parseLong(text.trim());
                case "int" -> Integer.parseInt(text.trim());
                case "string" -> text;
                case "uuid" -> UUID.fromString(text.trim());
                case "instant" -> Instant.parse(text.trim());
                case "bytes" -> Base64.getDecoder().decode(text.trim());
                default -> parseJson(text);
            };
        } catch (NumberFormatException | DateTimeParseException | JsonProcessingException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not " + describe(id), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not " + describe(id) + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parseJson(String text) throws JsonProcessingException {
        JsonNode node = JSON.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("empty JSON document");
        }
        return node;
    }

    /** The text form of a decoded key or value. */
    String format(Object value) {
        return switch (value) {
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case JsonNode node -> node.toString();
            case Instant instant -> instant.toString();
            default -> {
                if (codec.id().startsWith("json:")) {
                    yield toJson(value).toString();
                }
                yield String.valueOf(value);
            }
        };
    }

    /** The value as a JSON node for {@code depot dump}: numbers as numbers, JSON as JSON, the rest as text. */
    JsonNode toJson(Object value) {
        return switch (value) {
            case JsonNode node -> node;
            case Long l -> JsonNodeFactory.instance.numberNode(l);
            case Integer i -> JsonNodeFactory.instance.numberNode(i);
            case byte[] bytes -> JsonNodeFactory.instance.textNode(Base64.getEncoder().encodeToString(bytes));
            case String s -> JsonNodeFactory.instance.textNode(s);
            case UUID u -> JsonNodeFactory.instance.textNode(u.toString());
            case Instant t -> JsonNodeFactory.instance.textNode(t.toString());
            default -> JSON.valueToTree(value);
        };
    }

    /** How to write a key or value for the codec {@code id}, for help and error messages. */
    static String describe(String id) {
        return switch (id) {
            case "long" -> "a long (a decimal number)";
            case "int" -> "an int (a decimal number)";
            case "string" -> "a string";
            case "uuid" -> "a UUID (like 123e4567-e89b-12d3-a456-426614174000)";
            case "instant" -> "an instant (ISO-8601, like 2025-01-31T12:00:00Z)";
            case "bytes" -> "bytes (base64, like aGVsbG8=)";
            default -> "JSON (" + id + ")";
        };
    }
}
