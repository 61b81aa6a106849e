package dev.anchor.api.agent;

/**
 * One NVIDIA GPU as {@code nvidia-smi --query-gpu} reported it at the node's last probe. A number the
 * tool could not give ({@code [N/A]}, {@code [Not Supported]}) is null and omitted from the JSON.
 *
 * @param index              the GPU's index on its node (0-based, as nvidia-smi numbers them)
 * @param uuid               the GPU's stable id ({@code GPU-...}), or null
 * @param name               the product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param memoryTotalMb      framebuffer memory, MiB
 * @param memoryUsedMb       framebuffer memory in use, MiB
 * @param utilizationPercent GPU utilisation over the driver's last sample period, 0 to 100
 * @param temperatureC       core temperature, degrees Celsius
 * @param powerDrawW         power draw, watts
 * @param powerLimitW        the enforced power limit, watts
 */
public record GpuInfo(
        int index,
        String uuid,
        String name,
        Long memoryTotalMb,
        Long memoryUsedMb,
        Integer utilizationPercent,
        Integer temperatureC,
        Double powerDrawW,
        Double powerLimitW) {}
