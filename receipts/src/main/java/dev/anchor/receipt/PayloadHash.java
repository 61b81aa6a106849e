package dev.anchor.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anchor.api.DataRef;
import dev.anchor.api.Json;
import dev.anchor.api.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The hashes a receipt names about what ran. Functions of their arguments only, so the node (on the
 * leased spec and the bytes it ran) and the coordinator (on the stored spec) compute the same values.
 * Thread-safe.
 *
 * <ul>
 *   <li>{@code moduleHash}: SHA-256 of the canonical JSON of the {@link TaskSpec} without its
 *       {@code input}: every field that says what runs (runtime, module, args, env, limits, library,
 *       method, params, command, image, source, ...). Canonical JSON: object keys sorted by code
 *       point, null members dropped, no whitespace, the value written by Jackson. A module or script
 *       given as a blob is covered through its content hash in the spec; one given inline is covered
 *       by its bytes.</li>
 *   <li>{@code inputHash}: SHA-256 of the input bytes; of no bytes when the task has no input. A blob
 *       input's hash is its blob name (blobs are named by the SHA-256 of their content).</li>
 *   <li>{@code executionHash}: SHA-256 of the three raw 32-byte digests moduleHash ‖ inputHash ‖
 *       outputHash.</li>
 * </ul>
 */
public final class PayloadHash {
    private static final ObjectMapper WRITER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PayloadHash() {}

    /** SHA-256 (hex) of the spec's canonical JSON with {@code input} left out. */
    public static String moduleHash(TaskSpec spec) {
        return Sha256.hex(canonicalJson(spec));
    }

    /** The canonical JSON that {@link #moduleHash} hashes (exposed for tests and docs). */
    public static byte[] canonicalJson(TaskSpec spec) {
        TaskSpec payload = spec.with(spec.runtime(), spec.module(), spec.args(), spec.env(), null, spec.limits(), spec.maxAttempts());
        JsonNode tree = Json.mapper().valueToTree(payload);
        try {
            return WRITER.writeValueAsBytes(canonical(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode sorted = NODES.objectNode();
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value == null || value.isNull()) continue;
                sorted.set(name, canonical(value));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode(node.size());
            for (JsonNode element : node) array.add(canonical(element));
            return array;
        }
        return node;
    }

    /** SHA-256 (hex) of the input bytes. */
    public static String inputHash(byte[] input) {
        return Sha256.hex(input);
    }

    /**
     * SHA-256 (hex) of the bytes {@code input} stands for, without reading a blob: a blob's name is its
     * hash. Null, or a reference with no field set, means no input. Throws
     * {@link IllegalArgumentException} for a CLI-only {@code file} reference or malformed base64.
     */
    public static String inputHash(DataRef input) {
        if (input == null) return Sha256.hex(new byte[0]);
        if (input.text() != null) return Sha256.hex(input.text().getBytes(StandardCharsets.UTF_8));
        if (input.base64() != null) {
            try {
                return Sha256.hex(Base64.getDecoder().decode(input.base64()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input.base64: not valid base64", e);
            }
        }
        if (input.blob() != null) {
            if (!Sha256.isHex(input.blob(), 32)) throw new IllegalArgumentException("input.blob: not 64 lower-case hex digits");
            return input.blob();
        }
        if (input.file() != null) throw new IllegalArgumentException("input.file: a local file has no hash until the CLI uploads it");
        return Sha256.hex(new byte[0]);
    }

    /**
     * SHA-256 (hex) over the raw digests {@code moduleHash ‖ inputHash ‖ outputHash}. Throws
     * {@link IllegalArgumentException} naming the argument that is not 64 lower-case hex digits.
     */
    public static String executionHash(String moduleHash, String inputHash, String outputHash) {
        MessageDigest digest = Sha256.digest();
        for (Map.Entry<String, String> part : List.of(Map.entry("moduleHash", String.valueOf(moduleHash)),
                Map.entry("inputHash", String.valueOf(inputHash)), Map.entry("outputHash", String.valueOf(outputHash)))) {
            if (!Sha256.isHex(part.getValue(), 32)) throw new IllegalArgumentException(part.getKey() + ": not 64 lower-case hex digits");
            digest.update(Sha256.HEX.parseHex(part.getValue()));
        }
        return Sha256.HEX.formatHex(digest.digest());
    }
}
