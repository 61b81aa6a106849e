package dev.anchor.agent;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import dev.anchor.client.NodeClient;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Blobs this node has fetched, by hash. Content-addressed blobs never change, so a cached copy is
 * always right; each download is checked against its hash before it is used.
 */
final class BlobCache {
    private final NodeClient client;
    private final Cache<String, byte[]> cache = Caffeine.newBuilder()
            .maximumWeight(256L << 20)
            .weigher((String key, byte[] value) -> value.length)
            .build();

    BlobCache(NodeClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    byte[] get(String sha256) {
        return cache.get(sha256, this::fetch);
    }

    /** Downloads a blob, waiting out a coordinator restart (about 15 s of retries) before giving up. */
    private byte[] fetch(String sha256) {
        byte[] bytes = null;
        long backoffMs = 100;
        for (int attempt = 0; bytes == null; attempt++) {
            try {
                bytes = client.download(sha256);
            } catch (AnchorException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || attempt >= 8) throw e;
                try {
                    Thread.sleep(backoffMs); // Backoff while the coordinator is away, not synchronisation.
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(4_000, backoffMs * 2);
            }
        }
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!actual.equals(sha256)) {
                throw new AnchorException(ErrorCode.HASH_MISMATCH, "blob " + sha256 + " arrived with hash " + actual);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return bytes;
    }
}
