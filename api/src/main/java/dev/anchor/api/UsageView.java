package dev.anchor.api;

/** What an attempt used: wall time (ms), peak memory (bytes), fuel, output bytes. */
public record UsageView(long wallMillis, long memoryBytes, long fuel, long outputBytes) {}
