package dev.anchor.api;

/**
 * Task limits as submitted; null fields take defaults. Units: MiB, milliseconds, bytes. A service's task
 * (docs/services.md) has no wall-clock limit unless it sets one: there {@code timeoutMs} absent or 0 means none.
 */
public record LimitsSpec(
        Integer memoryMb, Long timeoutMs, Long fuel, Double cpus, Long maxOutputBytes, Long maxInputBytes) {

    /** These limits with another wall-clock limit (0: none, for a service's task; docs/services.md). */
    public LimitsSpec withTimeoutMs(Long newTimeoutMs) {
        return new LimitsSpec(memoryMb, newTimeoutMs, fuel, cpus, maxOutputBytes, maxInputBytes);
    }
}
