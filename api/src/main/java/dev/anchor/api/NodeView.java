package dev.anchor.api;

import dev.anchor.api.agent.GpuInfo;
import java.util.List;
import java.util.Map;

/**
 * A node (agent) as the API shows it: what it registered with and its latest telemetry. Fields an
 * older agent never reported are null (omitted).
 *
 * @param memoryTotalMb physical memory from the latest telemetry, MiB, or null
 * @param diskFreeMb    space free in the agent's data directory, MiB, or null
 * @param diskTotalMb   size of that file system, MiB, or null
 * @param gpuCount      NVIDIA GPUs found (0 when none)
 * @param gpus          the GPUs as last probed; empty when none
 * @param labels        the labels the node registered with; empty when none
 */
public record NodeView(
        String id,
        String name,
        String state,
        List<String> runtimes,
        int cores,
        long memoryMb,
        int slots,
        int running,
        double load,
        long freeMemoryMb,
        long registeredAt,
        long lastHeartbeat,
        Long memoryTotalMb,
        Long diskFreeMb,
        Long diskTotalMb,
        int gpuCount,
        List<GpuInfo> gpus,
        Map<String, String> labels) {

    public NodeView {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }
}
