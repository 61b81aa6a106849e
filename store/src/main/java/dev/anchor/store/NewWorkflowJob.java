package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.workflow.Workflow;

/**
 * A validated workflow submission, ready to store.
 *
 * @param specJson the normalised submission; the store rebuilds the {@link Workflow} from it after a restart
 * @param deadline the workflow's deadline (epoch ms), or null
 * @param verificationJson the job's {@link VerificationPolicy} as JSON (every step's tasks follow it), or null
 */
public record NewWorkflowJob(String jobId, String ownerId, String name, String labelsJson, String specJson, Workflow workflow,
                             Long deadline, String verificationJson) {

    public NewWorkflowJob(String jobId, String ownerId, String name, String labelsJson, String specJson, Workflow workflow,
                          Long deadline) {
        this(jobId, ownerId, name, labelsJson, specJson, workflow, deadline, null);
    }

    public NewWorkflowJob {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(specJson, "specJson is null");
        requireNonNull(workflow, "workflow is null");
    }
}
