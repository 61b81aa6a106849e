package dev.anchor.workflow;

import dev.anchor.api.TaskSpec;
import java.util.List;

/** What the planner decides; the store carries each out in the transaction that asked. */
public sealed interface Decision {

    /** Start a step: one task per item (a plain step has one). No tasks means it succeeded at once. */
    record Start(String stepId, List<TaskSpec> tasks) implements Decision {}

    /** Skip a step (its condition is false, a need was skipped, or it failed with onError: skip). */
    record Skip(String stepId, String reason) implements Decision {}

    /** Fail a step before it ran (its condition or a template could not be evaluated). */
    record Fail(String stepId, String reason) implements Decision {}

    /** Fail the workflow: cancel what runs, end FAILED. */
    record Abort(String reason) implements Decision {}

    /** Roll back: cancel what runs, then compensate completed steps in reverse order. */
    record BeginRollback(String reason) implements Decision {}

    /** Run a step's compensation. */
    record Compensate(String stepId, TaskSpec task) implements Decision {}

    /** End the workflow in {@code state} (SUCCEEDED, ROLLED_BACK or FAILED). */
    record Finish(String state, String reason) implements Decision {}
}
