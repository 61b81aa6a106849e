package dev.anchor.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the store knows of one step when the planner runs.
 *
 * @param outputs      outputs of its tasks in item order (one for a plain step), once it SUCCEEDED
 * @param hashes       their SHA-256s, same order
 * @param reason       why it failed or was skipped
 * @param doneOrder    a number that increases with the moment it finished (for reverse-order compensation)
 * @param compensation where its compensation stands
 */
public record StepStatus(StepState state, List<byte[]> outputs, List<String> hashes, String reason, long doneOrder,
                         Compensation compensation) {

    /** A step's compensation: not started, running, done, or failed. */
    public enum Compensation { NONE, RUNNING, DONE, FAILED }

    public StepStatus {
        requireNonNull(state, "state is null");
        outputs = List.copyOf(outputs);
        hashes = List.copyOf(hashes);
        requireNonNull(compensation, "compensation is null");
    }

    public static StepStatus pending() {
        return new StepStatus(StepState.PENDING, List.of(), List.of(), null, 0, Compensation.NONE);
    }
}
