package dev.anchor.api;

/**
 * A task as the API shows it.
 *
 * @param attempts how many attempts it has had so far
 * @param reason   why it failed, timed out or was cancelled
 * @param output   its output once it finished (also for a failed task, when the guest wrote some)
 * @param usage    what the accepted attempt used
 * @param node     the node that ran the last attempt
 * @param step     for a workflow task: its step
 * @param item     for a fan-out task: its item's index
 * @param purpose  for a workflow task: {@code run}, or {@code compensate}
 * @param tries    for a workflow task: how many times its step's code has run (retries after failures)
 * @param service  for a service's task: its restarts, how its last run ended, when it starts next
 */
public record TaskView(
        String id,
        TaskState state,
        String runtime,
        int attempts,
        String reason,
        OutputView output,
        UsageView usage,
        String node,
        String step,
        Integer item,
        String purpose,
        Integer tries,
        ServiceStatus service) {

    /** A task that is not a service's. */
    public TaskView(String id, TaskState state, String runtime, int attempts, String reason, OutputView output, UsageView usage,
                    String node, String step, Integer item, String purpose, Integer tries) {
        this(id, state, runtime, attempts, reason, output, usage, node, step, item, purpose, tries, null);
    }

    /** A single-task job's task (no step, item or purpose). */
    public TaskView(String id, TaskState state, String runtime, int attempts, String reason, OutputView output, UsageView usage, String node) {
        this(id, state, runtime, attempts, reason, output, usage, node, null, null, null, null);
    }
}
