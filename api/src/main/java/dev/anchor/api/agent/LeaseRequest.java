package dev.anchor.api.agent;

/** Ask for up to {@code max} tasks, waiting up to {@code waitMs} when none is ready. */
public record LeaseRequest(int max, long waitMs) {}
