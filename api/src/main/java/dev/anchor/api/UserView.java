package dev.anchor.api;

/** A user; {@code apiKey} is present only in the answer that created it (keys are stored hashed). */
public record UserView(String id, String name, String role, String apiKey) {}
