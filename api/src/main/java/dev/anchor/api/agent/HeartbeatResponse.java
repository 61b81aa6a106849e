package dev.anchor.api.agent;

import java.util.List;

/** Attempts the node must stop (cancelled or no longer its own) and the new lease expiry. */
public record HeartbeatResponse(List<String> stop, long leaseExpiresAt) {}
