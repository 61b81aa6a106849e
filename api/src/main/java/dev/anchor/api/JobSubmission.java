package dev.anchor.api;

import java.util.Map;

/**
 * What a user submits: one task for now (workflows come later).
 *
 * @param name   optional display name
 * @param task   the task to run
 * @param labels optional free-form labels
 */
public record JobSubmission(String name, TaskSpec task, Map<String, String> labels) {}
