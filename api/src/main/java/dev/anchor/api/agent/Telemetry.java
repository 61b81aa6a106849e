package dev.anchor.api.agent;

import java.util.List;

/**
 * What a node reports about itself in every heartbeat. The first four fields are what every agent
 * has always sent; the rest came later and are null (omitted) from agents that do not send them, so
 * an older agent's heartbeat is still accepted. Immutable.
 *
 * @param load          load average over 1 minute (0 where the platform has none)
 * @param freeMemoryMb  memory available to new processes, MiB
 * @param running       attempts running now
 * @param freeSlots     slots free for more attempts
 * @param cpuCores      logical processors, or null
 * @param memoryTotalMb physical memory, MiB, or null
 * @param diskTotalMb   size of the file system holding the agent's data directory, MiB, or null
 * @param diskFreeMb    space usable there, MiB, or null
 * @param gpus          NVIDIA GPUs found by the last probe; empty when none (or no {@code nvidia-smi})
 */
public record Telemetry(
        double load,
        long freeMemoryMb,
        int running,
        int freeSlots,
        Integer cpuCores,
        Long memoryTotalMb,
        Long diskTotalMb,
        Long diskFreeMb,
        List<GpuInfo> gpus) {

    public Telemetry {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }

    /** The telemetry an agent sent before cpu, disk and GPU figures were added. */
    public Telemetry(double load, long freeMemoryMb, int running, int freeSlots) {
        this(load, freeMemoryMb, running, freeSlots, null, null, null, null, List.of());
    }
}
