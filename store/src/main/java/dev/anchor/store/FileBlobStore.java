package dev.anchor.store;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.AnchorException;
import dev.anchor.api.BlobView;
import dev.anchor.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Blobs as files under a directory: {@code ab/abcdef…}. Writes go to a temporary file that is hashed
 * while written and moved into place only when complete and verified, so a reader never sees a
 * partial blob and a failed upload leaves nothing behind.
 */
public final class FileBlobStore implements BlobStore {
    private final Path root;
    private final Path incoming;

    public FileBlobStore(Path root) {
        this.root = requireNonNull(root, "root is null");
        this.incoming = root.resolve("incoming");
        try {
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob directory " + root, e);
        }
    }

    @Override
    public BlobView put(InputStream content, long maxBytes, String expectedSha256) {
        if (expectedSha256 != null && !Hashes.isSha256Hex(expectedSha256)) {
            throw AnchorException.invalidField("sha256", "must be 64 lower-case hex digits");
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(incoming, "upload", ".tmp");
            MessageDigest digest = Hashes.sha256();
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(temporary)) {
                int read;
                while ((read = content.read(buffer)) != -1) {
                    size += read;
                    if (size > maxBytes) {
                        throw new AnchorException(ErrorCode.PAYLOAD_TOO_LARGE,
                                "blob is larger than the limit of " + maxBytes + " bytes", Map.of("limit", maxBytes));
                    }
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (expectedSha256 != null && !expectedSha256.equals(sha256)) {
                throw new AnchorException(ErrorCode.HASH_MISMATCH,
                        "content hashes to " + sha256 + ", not " + expectedSha256, Map.of("sha256", sha256));
            }
            moveIntoPlace(temporary, sha256);
            return new BlobView(sha256, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob", e);
        } finally {
            if (temporary != null) deleteQuietly(temporary);
        }
    }

    @Override
    public BlobView put(byte[] content) {
        return put(new java.io.ByteArrayInputStream(content), Long.MAX_VALUE, null);
    }

    private void moveIntoPlace(Path temporary, String sha256) throws IOException {
        Path target = path(sha256);
        if (Files.exists(target)) return;
        Files.createDirectories(target.getParent());
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another upload of the same content won the race; content is identical by construction.
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target);
        }
    }

    @Override
    public Optional<BlobView> stat(String sha256) {
        if (!Hashes.isSha256Hex(sha256)) return Optional.empty();
        Path path = path(sha256);
        try {
            return Files.exists(path) ? Optional.of(new BlobView(sha256, Files.size(path))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> open(String sha256) {
        if (!Hashes.isSha256Hex(sha256)) return Optional.empty();
        try {
            return Optional.of(Files.newInputStream(path(sha256)));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<byte[]> read(String sha256) {
        if (!Hashes.isSha256Hex(sha256)) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(path(sha256)));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path path(String sha256) {
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // A leftover temporary file is harmless; it is never read.
        }
    }
}
