package dev.anchor.api;

import java.util.List;
import java.util.Map;

/**
 * A job as the API shows it. Times are epoch milliseconds. A single-task job has {@code task}; a
 * workflow has {@code steps}, each with its tasks.
 *
 * @param kind   {@code task}, {@code service} (a task kept running, docs/services.md) or {@code workflow}
 * @param reason why a workflow failed, timed out or rolled back
 */
public record JobView(
        String id,
        String name,
        String owner,
        String kind,
        JobState state,
        String reason,
        long createdAt,
        long updatedAt,
        Long finishedAt,
        Map<String, String> labels,
        TaskView task,
        List<StepView> steps) {}
