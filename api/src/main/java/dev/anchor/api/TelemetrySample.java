package dev.anchor.api;

import dev.anchor.api.agent.GpuInfo;
import java.util.List;

/**
 * One heartbeat's telemetry as the coordinator kept it in a node's bounded history
 * ({@code GET /api/v1/nodes/{id}/telemetry}).
 *
 * @param at           when the coordinator received it, epoch ms
 * @param load         load average, 1 minute
 * @param freeMemoryMb memory available, MiB
 * @param diskFreeMb   space free in the agent's data directory, MiB, or null
 * @param running      attempts running
 * @param gpus         the GPUs as probed then; empty when none
 */
public record TelemetrySample(long at, double load, long freeMemoryMb, Long diskFreeMb, int running, List<GpuInfo> gpus) {
    public TelemetrySample {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }
}
