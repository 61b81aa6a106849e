package dev.anchor.api;

/**
 * A task's output: its hash and size always; the bytes inline when small ({@code text} when they are
 * UTF-8, else {@code base64}); large outputs only by {@code blob} (download from /api/v1/blobs).
 */
public record OutputView(String sha256, long size, String text, String base64, String blob) {}
