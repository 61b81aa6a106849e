package dev.anchor.api;

/** A stored blob: its SHA-256 (lower-case hex) and size in bytes. */
public record BlobView(String sha256, long size) {}
