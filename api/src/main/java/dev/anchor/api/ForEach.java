package dev.anchor.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fan-out. Exactly one of: {@code items}, a JSON list or a {@code ${{ EXPR }}} string that evaluates to
 * a list; or {@code chunks}, fixed-size pieces of some bytes. Each item runs as one task that sees
 * {@code item} and {@code index}; a step that needs this one gets the item outputs in order.
 */
public record ForEach(JsonNode items, Chunks chunks) {

    /** Splits {@code input} into pieces of {@code size} bytes; each piece is its task's stdin. */
    public record Chunks(DataRef input, Long size) {}
}
