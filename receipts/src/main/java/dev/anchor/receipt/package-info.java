/**
 * Signed attempt receipts (ARCHITECTURE.md §5, docs/receipts.md): what a node signs at the end of every
 * attempt and everything needed to check it with only the node's public key.
 *
 * <ul>
 *   <li>{@link dev.anchor.receipt.ReceiptCodec}: the canonical bytes a signature covers.</li>
 *   <li>{@link dev.anchor.receipt.PayloadHash}: {@code moduleHash}, {@code inputHash}, {@code executionHash}.</li>
 *   <li>{@link dev.anchor.receipt.MerkleTree} and {@link dev.anchor.receipt.OutputDigest}: the output's
 *       hash and RFC 6962 Merkle root over fixed-size chunks, in one pass.</li>
 *   <li>{@link dev.anchor.receipt.Ed25519Strict}: Ed25519 verification that rejects non-canonical and
 *       small-order encodings.</li>
 *   <li>{@link dev.anchor.receipt.ReceiptSigner} (nodes) and {@link dev.anchor.receipt.ReceiptVerifier}
 *       (the coordinator, {@code anchor verify}, {@code POST /api/v1/verify}).</li>
 * </ul>
 *
 * <p>Replay (nonces) and whether a key belongs to a registered node need the store; they are the
 * coordinator's checks, not this package's.
 */
package dev.anchor.receipt;
