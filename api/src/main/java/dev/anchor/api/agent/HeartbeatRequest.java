package dev.anchor.api.agent;

import java.util.List;

/** A node's periodic report: telemetry and the attempts it is running. */
public record HeartbeatRequest(Telemetry telemetry, List<String> activeAttempts) {}
