package dev.anchor.runtime.builtin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A method's params after they matched its schema, read by name. The schema has already checked
 * presence, types and ranges; what a schema cannot say (base64 that decodes to a given length) is
 * checked here, with the same {@code params.name: ...} wording.
 */
final class Params {

    private final ObjectNode values;

    Params(ObjectNode values) {
        this.values = requireNonNull(values, "values is null");
    }

    /** A required integer param (the schema made sure it is there and in range). */
    int integer(String name) {
        return node(name).orElseThrow(() -> missing(name)).asInt();
    }

    int integer(String name, int fallback) {
        return node(name).map(JsonNode::asInt).orElse(fallback);
    }

    double number(String name) {
        return node(name).orElseThrow(() -> missing(name)).asDouble();
    }

    boolean flag(String name, boolean fallback) {
        return node(name).map(JsonNode::asBoolean).orElse(fallback);
    }

    Optional<String> text(String name) {
        return node(name).map(JsonNode::asText);
    }

    /** A required base64 param whose bytes must have one of the given lengths. */
    byte[] base64(String name, int... lengths) {
        return optionalBase64(name, lengths).orElseThrow(() -> missing(name));
    }

    Optional<byte[]> optionalBase64(String name, int... lengths) {
        return node(name).map(node -> {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(node.asText());
            } catch (IllegalArgumentException e) {
                throw new MethodFailure("params." + name + ": is not valid base64 (" + e.getMessage() + ")");
            }
            if (lengths.length > 0 && Arrays.stream(lengths).noneMatch(length -> length == bytes.length)) {
                throw new MethodFailure("params." + name + ": must decode to " + alternatives(lengths)
                        + " bytes, not " + bytes.length);
            }
            return bytes;
        });
    }

    private Optional<JsonNode> node(String name) {
        var node = values.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private static MethodFailure missing(String name) {
        return new MethodFailure("params." + name + ": is required");
    }

    private static String alternatives(int[] lengths) {
        var names = Arrays.stream(lengths).mapToObj(Integer::toString).toList();
        if (names.size() == 1) return names.getFirst();
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
                + " or " + names.getLast();
    }
}
