package dev.anchor.api;

import java.util.Map;

/** A job as the API shows it. Times are epoch milliseconds. */
public record JobView(
        String id,
        String name,
        String owner,
        JobState state,
        long createdAt,
        long updatedAt,
        Long finishedAt,
        Map<String, String> labels,
        TaskView task) {}
