/**
 * The Java client over {@code java.net.http}: {@link dev.anchor.client.AnchorClient} for users (what the
 * CLI uses) and {@link dev.anchor.client.NodeClient} for the agent protocol. Both are thread-safe and
 * throw {@link dev.anchor.api.AnchorException} with the server's error code on failure.
 */
package dev.anchor.client;
