package dev.anchor.api;

/** Task limits as submitted; null fields take defaults. Units: MiB, milliseconds, bytes. */
public record LimitsSpec(
        Integer memoryMb, Long timeoutMs, Long fuel, Double cpus, Long maxOutputBytes, Long maxInputBytes) {}
