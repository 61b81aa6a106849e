package dev.anchor.api;

/** One log line of a task's attempt; {@code stream} is stdout, stderr or system. */
public record LogLine(long seq, String taskId, String attemptId, String stream, String text, long at) {}
