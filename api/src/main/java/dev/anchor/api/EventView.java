package dev.anchor.api;

/** One committed transition of a job or task, in commit order ({@code seq}). */
public record EventView(long seq, String jobId, String taskId, String type, String state, String message, long at) {}
