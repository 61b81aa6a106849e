package dev.anchor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.anchor.api.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a task needs of a node, as stored on its row at insert: memory ({@code limits.memoryMb}), GPUs
 * and labels ({@code requirements}). Labels are matched in SQL: a node's labels become one string of
 * {@code ;key=value;} pairs sorted by key (both URL-encoded, so neither holds a separator), and a task's
 * required labels a LIKE pattern {@code %;k1=v1;%;k2=v2;%} over it; with keys unique and sorted on both
 * sides the pattern matches exactly when every required pair is among the node's. SQLite's LIKE ignores
 * ASCII case, so the lease store checks the labels once more in Java.
 *
 * @param memoryMb the node's registered memory must be at least this (0: any)
 * @param gpus     the node must have at least this many GPUs
 * @param labels   the node must carry each of these labels with this value
 */
record TaskNeeds(long memoryMb, int gpus, Map<String, String> labels) {
    static final TaskNeeds NONE = new TaskNeeds(0, 0, Map.of());

    TaskNeeds {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The needs of a stored task spec (JSON); fields it lacks need nothing. */
    static TaskNeeds ofSpecJson(String taskSpecJson) {
        JsonNode spec = tree(taskSpecJson);
        JsonNode requirements = spec.path("requirements");
        Map<String, String> labels = new TreeMap<>();
        requirements.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new TaskNeeds(spec.path("limits").path("memoryMb").asLong(0), requirements.path("gpus").asInt(0), labels);
    }

    /** The priority of a stored job submission (JSON), 0 when it names none. */
    static int priorityOfSubmission(String submissionJson) {
        return tree(submissionJson).path("priority").asInt(0);
    }

    /** The LIKE pattern stored in {@code tasks.need_labels}, or null when no label is required. */
    String labelPattern() {
        if (labels.isEmpty()) return null;
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> escapeLike(";" + pair(e.getKey(), e.getValue()) + ";"))
                .collect(Collectors.joining("%", "%", "%"));
    }

    /** A node's labels as the string {@link #labelPattern()} is matched against. */
    static String nodeLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) return "";
        return new TreeMap<>(labels).entrySet().stream().map(e -> ";" + pair(e.getKey(), e.getValue()) + ";").collect(Collectors.joining());
    }

    /** Whether a node with {@code nodeLabels} carries every required label, exactly. */
    boolean labelsMetBy(Map<String, String> nodeLabels) {
        for (var required : labels.entrySet()) {
            if (nodeLabels == null || !required.getValue().equals(nodeLabels.get(required.getKey()))) return false;
        }
        return true;
    }

    private static String pair(String key, String value) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Escapes LIKE's wildcards for {@code ESCAPE '\'}. */
    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored spec does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
