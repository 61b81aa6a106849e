package dev.anchor.store;

import static java.util.Objects.requireNonNull;

/**
 * A validated submission, ready to store: the job row and its single task.
 *
 * @param specJson     the job spec as submitted (normalised), for display
 * @param taskSpecJson the task spec agents receive (inline modules already moved to blobs)
 * @param verificationJson the job's {@link VerificationPolicy} as JSON, or null for none
 * @param serviceJson  the job's {@link ServicePolicy} as JSON when it is a service (docs/services.md), or null
 */
public record NewJob(
        String jobId, String ownerId, String name, String labelsJson, String specJson,
        String taskId, String runtime, String taskSpecJson, int maxAttempts, String verificationJson, String serviceJson) {

    /** A job that is not a service. */
    public NewJob(String jobId, String ownerId, String name, String labelsJson, String specJson, String taskId, String runtime,
                  String taskSpecJson, int maxAttempts, String verificationJson) {
        this(jobId, ownerId, name, labelsJson, specJson, taskId, runtime, taskSpecJson, maxAttempts, verificationJson, null);
    }

    public NewJob(String jobId, String ownerId, String name, String labelsJson, String specJson, String taskId, String runtime,
                  String taskSpecJson, int maxAttempts) {
        this(jobId, ownerId, name, labelsJson, specJson, taskId, runtime, taskSpecJson, maxAttempts, null);
    }

    public NewJob {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(specJson, "specJson is null");
        requireNonNull(taskId, "taskId is null");
        requireNonNull(runtime, "runtime is null");
        requireNonNull(taskSpecJson, "taskSpecJson is null");
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
}
