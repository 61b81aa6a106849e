package dev.anchor.api;

/** Admin only: make a user and an API key for it. {@code role} is "user" (default) or "admin". */
public record CreateUserRequest(String name, String role) {}
