package dev.anchor.api;

import java.util.List;

/**
 * One workflow step: its state, what it needs, and its tasks (one, or one per fan-out item, in item
 * order; a compensation task last). {@code compensation}: NONE, RUNNING, DONE or FAILED.
 */
public record StepView(String id, String state, List<String> needs, String reason, List<TaskView> tasks, String compensation) {}
