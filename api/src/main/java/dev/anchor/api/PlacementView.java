package dev.anchor.api;

import java.util.List;

/**
 * Why a job's READY tasks are still queued ({@code GET /api/v1/jobs/{id}/placement}), computed when
 * asked from the nodes the coordinator knows (docs/scheduling.md).
 *
 * @param jobId the job
 * @param tasks one entry per READY task of the job (replicas included); empty when none is waiting
 */
public record PlacementView(String jobId, List<Task> tasks) {
    public PlacementView {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /**
     * One waiting task.
     *
     * @param taskId        the task
     * @param waitingMs     how long it has been READY (0 while a retry's backoff runs)
     * @param eligibleNodes live, schedulable nodes that meet all its requirements now
     * @param unmet         requirements no live, schedulable node meets, e.g. {@code "no live node has 1 GPU"};
     *                      empty when some node could run it
     * @param reason        one sentence: why it waits
     */
    public record Task(String taskId, long waitingMs, int eligibleNodes, List<String> unmet, String reason) {
        public Task {
            unmet = unmet == null ? List.of() : List.copyOf(unmet);
        }
    }
}
