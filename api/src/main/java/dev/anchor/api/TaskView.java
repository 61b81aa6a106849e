package dev.anchor.api;

/**
 * A task as the API shows it.
 *
 * @param attempts how many attempts it has had so far
 * @param reason   why it failed, timed out or was cancelled
 * @param output   its output once it finished (also for a failed task, when the guest wrote some)
 * @param usage    what the accepted attempt used
 * @param node     the node that ran the last attempt
 */
public record TaskView(
        String id,
        TaskState state,
        String runtime,
        int attempts,
        String reason,
        OutputView output,
        UsageView usage,
        String node) {}
