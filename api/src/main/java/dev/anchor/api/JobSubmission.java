package dev.anchor.api;

import java.util.Map;

/**
 * What a user submits: one task, or a workflow (exactly one of the two).
 *
 * @param name     optional display name
 * @param task     a single task to run
 * @param workflow a DAG of steps
 * @param labels   optional free-form labels
 */
public record JobSubmission(String name, TaskSpec task, WorkflowSpec workflow, Map<String, String> labels) {
    /** A single-task job. */
    public static JobSubmission of(String name, TaskSpec task) {
        return new JobSubmission(name, task, null, null);
    }
}
