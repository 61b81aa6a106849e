package dev.anchor.api;

import java.util.Map;

/**
 * What a node must have to be given a task, besides its runtime and {@code limits.memoryMb} (a node
 * whose registered memory is smaller never gets the task). A task whose requirements no live node meets
 * stays READY, and the job's placement view says which requirement is unmet (docs/scheduling.md).
 *
 * @param gpus   NVIDIA GPUs the node must have, 0..64; absent = 0 (any node)
 * @param labels labels the node must carry with exactly these values (every one must match); absent = none
 */
public record Requirements(Integer gpus, Map<String, String> labels) {
    public Requirements {
        labels = labels == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }
}
