package dev.anchor.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * RFC 6962 (§2.1) Merkle tree hash over an output cut into fixed-size chunks (the last one may be
 * shorter): a leaf is {@code SHA-256(0x00 ‖ chunk)}, an inner node {@code SHA-256(0x01 ‖ left ‖ right)},
 * a list of n &gt; 1 leaves splits at the largest power of two smaller than n, and the empty output's root
 * is SHA-256 of no bytes. Empty output has no chunks; any other output has ceil(size / chunkSize).
 *
 * <p>Built incrementally: {@link #add} takes leaves left to right and keeps only one hash per level
 * (the perfect subtrees so far), so streaming a large output needs O(log n) memory. Folding the
 * remaining subtrees from the right at the end gives exactly the RFC's split. Not thread-safe.
 */
public final class MerkleTree {
    /** The chunk size of version 1 receipts: 64 KiB. */
    public static final int CHUNK_SIZE = 64 * 1024;

    private final Deque<Subtree> stack = new ArrayDeque<>();
    private final MessageDigest digest = Sha256.digest();
    private long leaves;

    private record Subtree(int height, byte[] hash) {}

    /** Adds the next leaf: the chunk {@code bytes[offset, offset + length)}. */
    public void add(byte[] bytes, int offset, int length) {
        digest.update((byte) 0x00);
        digest.update(bytes, offset, length);
        addLeafHash(digest.digest());
    }

    /** Adds the next leaf by its leaf hash (for callers that hashed the chunk themselves). */
    void addLeafHash(byte[] leafHash) {
        Subtree node = new Subtree(0, leafHash);
        while (!stack.isEmpty() && stack.peek().height() == node.height()) {
            node = new Subtree(node.height() + 1, parent(stack.pop().hash(), node.hash()));
        }
        stack.push(node);
        leaves++;
    }

    /** The root over the leaves added so far (SHA-256 of no bytes when none). Does not change the tree. */
    public byte[] root() {
        if (stack.isEmpty()) return digest.digest();
        var nodes = stack.iterator(); // the smallest (rightmost) subtree first
        byte[] root = nodes.next().hash();
        while (nodes.hasNext()) root = parent(nodes.next().hash(), root);
        return root;
    }

    /** How many leaves were added. */
    public long leaves() {
        return leaves;
    }

    private byte[] parent(byte[] left, byte[] right) {
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** The root (hex) of {@code bytes} cut into {@code chunkSize} chunks. */
    public static String root(byte[] bytes, int chunkSize) {
        checkChunkSize(chunkSize);
        MerkleTree tree = new MerkleTree();
        for (int offset = 0; offset < bytes.length; offset += chunkSize) {
            tree.add(bytes, offset, Math.min(chunkSize, bytes.length - offset));
        }
        return Sha256.HEX.formatHex(tree.root());
    }

    /** The root (hex) of everything {@code in} holds, cut into {@code chunkSize} chunks; reads to the end. */
    public static String root(InputStream in, int chunkSize) throws IOException {
        checkChunkSize(chunkSize);
        MerkleTree tree = new MerkleTree();
        byte[] chunk = new byte[chunkSize];
        int filled;
        while ((filled = in.readNBytes(chunk, 0, chunkSize)) > 0) tree.add(chunk, 0, filled);
        return Sha256.HEX.formatHex(tree.root());
    }

    static void checkChunkSize(int chunkSize) {
        if (chunkSize < 1) throw new IllegalArgumentException("chunkSize: must be positive, not " + chunkSize);
    }
}
