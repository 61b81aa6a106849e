package dev.anchor.api;

/**
 * What a node signs at the end of every attempt (ARCHITECTURE.md §5). Hashes are SHA-256, lower-case
 * hex. The signature is Ed25519 (base64) by the node's key over the receipt's canonical bytes (every
 * field but {@code signature}, in declaration order; see {@code dev.anchor.receipt.ReceiptCodec}).
 *
 * @param version       encoding version, 1
 * @param taskId        the task the attempt ran
 * @param attemptId     the attempt
 * @param nodeId        the node: the fingerprint of {@code publicKey}
 * @param publicKey     the node's raw 32-byte Ed25519 public key, base64
 * @param moduleHash    hash of the task's payload: everything that says what runs, its input aside
 * @param inputHash     hash of the input bytes (of no bytes when the task has no input)
 * @param outcome       SUCCEEDED, FAILED or TIMED_OUT
 * @param outputHash    hash of the output bytes
 * @param outputSize    output length in bytes
 * @param chunkSize     the fixed chunk size of the Merkle tree over the output
 * @param merkleRoot    RFC 6962 Merkle tree root over the output's chunks
 * @param executionHash SHA-256 of the three raw 32-byte digests moduleHash ‖ inputHash ‖ outputHash
 * @param fuel          deterministic fuel used (0 where the runtime does not meter)
 * @param durationMs    wall time of the run
 * @param nonce         16 random bytes, hex: a receipt is accepted once
 * @param timestamp     when the node signed, epoch milliseconds
 * @param signature     Ed25519 signature, base64
 */
public record Receipt(
        int version,
        String taskId,
        String attemptId,
        String nodeId,
        String publicKey,
        String moduleHash,
        String inputHash,
        String outcome,
        String outputHash,
        long outputSize,
        int chunkSize,
        String merkleRoot,
        String executionHash,
        long fuel,
        long durationMs,
        String nonce,
        long timestamp,
        String signature) {}
