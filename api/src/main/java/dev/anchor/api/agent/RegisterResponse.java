package dev.anchor.api.agent;

/**
 * The coordinator's answer to a registration: the node's id and a session token for its later calls.
 * Registering again replaces the token, which fences off an older process of the same node.
 */
public record RegisterResponse(String nodeId, String nodeToken, long leaseTimeoutMs, long heartbeatIntervalMs) {}
