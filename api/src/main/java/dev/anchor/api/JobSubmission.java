package dev.anchor.api;

import java.util.Map;

/**
 * What a user submits: one task, or a workflow (exactly one of the two).
 *
 * @param name     optional display name
 * @param task     a single task to run
 * @param workflow a DAG of steps
 * @param labels   optional free-form labels
 * @param verification how results are verified by redundant runs; absent = one run per task
 * @param priority  scheduling priority, -100..100 (absent = 0); a READY task of higher priority is leased
 *                  before any of lower priority (docs/scheduling.md)
 * @param service  with a task only: keep the task running until the job is cancelled, restarting it when
 *                 it ends (docs/services.md); absent = the task runs once
 */
public record JobSubmission(String name, TaskSpec task, WorkflowSpec workflow, Map<String, String> labels,
                            VerificationSpec verification, Integer priority, ServiceSpec service) {

    public JobSubmission(String name, TaskSpec task, WorkflowSpec workflow, Map<String, String> labels) {
        this(name, task, workflow, labels, null, null, null);
    }

    /** A submission at the default priority. */
    public JobSubmission(String name, TaskSpec task, WorkflowSpec workflow, Map<String, String> labels,
                         VerificationSpec verification) {
        this(name, task, workflow, labels, verification, null);
    }

    /** A submission that is not a service. */
    public JobSubmission(String name, TaskSpec task, WorkflowSpec workflow, Map<String, String> labels,
                         VerificationSpec verification, Integer priority) {
        this(name, task, workflow, labels, verification, priority, null);
    }

    /** The same submission with another task and workflow (every other field kept). */
    public JobSubmission withPayloads(TaskSpec task, WorkflowSpec workflow) {
        return new JobSubmission(name, task, workflow, labels, verification, priority, service);
    }

    /** A single-task job. */
    public static JobSubmission of(String name, TaskSpec task) {
        return new JobSubmission(name, task, null, null);
    }

    /** A long-running service: the task is kept running by {@code service}'s policy until the job is cancelled. */
    public static JobSubmission ofService(String name, TaskSpec task, ServiceSpec service) {
        return new JobSubmission(name, task, null, null, null, null, service);
    }
}
