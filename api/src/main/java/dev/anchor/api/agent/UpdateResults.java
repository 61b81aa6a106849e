package dev.anchor.api.agent;

import java.util.List;

/**
 * Per update: accepted, or rejected with a reason (a stale attempt whose lease expired, an attempt of
 * another node). A rejected update is final: the agent must not resend it.
 */
public record UpdateResults(List<Result> results) {
    public record Result(String attemptId, boolean accepted, String reason) {}
}
