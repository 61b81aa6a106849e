package dev.anchor.api.agent;

/** Node telemetry: load average (1 min), free memory, running attempts, free slots. */
public record Telemetry(double load, long freeMemoryMb, int running, int freeSlots) {}
