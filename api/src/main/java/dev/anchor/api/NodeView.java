package dev.anchor.api;

import java.util.List;

/** A node (agent) as the API shows it. */
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
        long lastHeartbeat) {}
