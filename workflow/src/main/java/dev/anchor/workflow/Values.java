package dev.anchor.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between JSON, step outputs and the values CEL works with (Long, Double, String, List, Map). */
final class Values {
    private Values() {}

    /** A JSON value as CEL sees it. */
    static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return dev.cel.common.values.NullValue.NULL_VALUE;
        if (node.isTextual()) return node.textValue();
        if (node.isBoolean()) return node.booleanValue();
        if (node.isIntegralNumber()) return node.longValue();
        if (node.isNumber()) return node.doubleValue();
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(fromJson(element)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> map.put(entry.getKey(), fromJson(entry.getValue())));
        return map;
    }

    /** An output's bytes as UTF-8 text, or null when they are not valid UTF-8. */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** An output parsed as JSON when it is JSON, else its text (trimmed of one final newline), else null. */
    static Object parsed(byte[] bytes) {
        String text = text(bytes);
        if (text == null) return dev.cel.common.values.NullValue.NULL_VALUE;
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node != null && !node.isMissingNode()) return fromJson(node);
        } catch (IOException notJson) {
            // Plain text output.
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** A CEL result as plain Java for JSON: null values become null, unsigned longs longs. */
    static Object plain(Object value) {
        if (value == null || value instanceof dev.cel.common.values.NullValue || value instanceof com.google.protobuf.NullValue) return null;
        if (value instanceof com.google.common.primitives.UnsignedLong unsigned) return unsigned.longValue();
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) out.add(plain(element));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(plain(k)), plain(v)));
            return out;
        }
        return value;
    }
}
