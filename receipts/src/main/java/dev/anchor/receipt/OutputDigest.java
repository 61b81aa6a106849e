package dev.anchor.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * An output's SHA-256, size and Merkle root ({@link MerkleTree}), computed together in one pass over
 * the bytes: feed them with {@link #update} in any pieces, then {@link #finish}. Not thread-safe; one
 * instance per output.
 *
 * @see MerkleTree
 */
public final class OutputDigest {
    private final int chunkSize;
    private final MessageDigest whole = Sha256.digest();
    private final MessageDigest leaf = Sha256.digest();
    private final MerkleTree tree = new MerkleTree();
    private long size;
    private int inChunk;
    private boolean finished;

    /** What a receipt says about its output. Hashes are lower-case hex. */
    public record Result(String sha256, long size, int chunkSize, String merkleRoot) {}

    public OutputDigest(int chunkSize) {
        MerkleTree.checkChunkSize(chunkSize);
        this.chunkSize = chunkSize;
    }

    /** Digest of {@code bytes} with the standard {@link MerkleTree#CHUNK_SIZE}. */
    public static Result of(byte[] bytes) {
        return of(bytes, MerkleTree.CHUNK_SIZE);
    }

    public static Result of(byte[] bytes, int chunkSize) {
        OutputDigest digest = new OutputDigest(chunkSize);
        digest.update(bytes, 0, bytes.length);
        return digest.finish();
    }

    /** Digest of everything {@code in} holds; reads to the end, does not close it. */
    public static Result of(InputStream in, int chunkSize) throws IOException {
        OutputDigest digest = new OutputDigest(chunkSize);
        byte[] buffer = new byte[Math.min(chunkSize, 1 << 20)];
        int read;
        while ((read = in.read(buffer)) >= 0) digest.update(buffer, 0, read);
        return digest.finish();
    }

    public void update(byte[] bytes, int offset, int length) {
        if (finished) throw new IllegalStateException("this digest is finished");
        whole.update(bytes, offset, length);
        size += length;
        while (length > 0) {
            if (inChunk == 0) leaf.update((byte) 0x00);
            int take = Math.min(length, chunkSize - inChunk);
            leaf.update(bytes, offset, take);
            inChunk += take;
            offset += take;
            length -= take;
            if (inChunk == chunkSize) {
                tree.addLeafHash(leaf.digest());
                inChunk = 0;
            }
        }
    }

    public Result finish() {
        if (finished) throw new IllegalStateException("this digest is finished");
        finished = true;
        if (inChunk > 0) tree.addLeafHash(leaf.digest());
        return new Result(Sha256.HEX.formatHex(whole.digest()), size, chunkSize, Sha256.HEX.formatHex(tree.root()));
    }
}
