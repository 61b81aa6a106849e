package dev.anchor.store;

import dev.anchor.api.BlobView;
import java.io.InputStream;
import java.util.Optional;

/**
 * Content-addressed bytes: a blob's name is the SHA-256 of its content, so a blob never changes and
 * can be cached anywhere. Thread-safe.
 */
public interface BlobStore {

    /**
     * Stores the stream's bytes. Fails with {@code PAYLOAD_TOO_LARGE} past {@code maxBytes} and with
     * {@code HASH_MISMATCH} when {@code expectedSha256} is given and the content's hash differs; in
     * both cases nothing is stored.
     */
    BlobView put(InputStream content, long maxBytes, String expectedSha256);

    /** Stores bytes already in memory. */
    BlobView put(byte[] content);

    /** The blob's size, or empty if there is no such blob. */
    Optional<BlobView> stat(String sha256);

    /** Opens the blob for reading, or empty if there is no such blob. */
    Optional<InputStream> open(String sha256);

    /** Reads a whole blob; for small blobs only. */
    Optional<byte[]> read(String sha256);
}
