package dev.anchor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anchor.api.AnchorException;
import dev.anchor.api.ErrorCode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileBlobStoreTest {
    @TempDir
    Path directory;

    @Test
    void stores_content_under_its_hash_and_verifies_the_expected_hash() {
        FileBlobStore blobs = new FileBlobStore(directory);
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        String sha = Hashes.sha256Hex(content);
        assertThat(blobs.put(new ByteArrayInputStream(content), 100, sha).sha256()).isEqualTo(sha);
        assertThat(blobs.read(sha)).hasValue(content);
        assertThat(blobs.stat(sha).orElseThrow().size()).isEqualTo(5);
    }

    @Test
    void a_mismatched_or_oversized_upload_stores_nothing() throws Exception {
        FileBlobStore blobs = new FileBlobStore(directory);
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        String wrong = Hashes.sha256Hex("other");
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), 100, wrong))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HASH_MISMATCH));
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(content), 4, null))
                .isInstanceOfSatisfying(AnchorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        assertThat(blobs.stat(Hashes.sha256Hex(content))).isEmpty();
        try (var files = Files.walk(directory)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void names_that_are_not_hashes_are_never_paths() {
        FileBlobStore blobs = new FileBlobStore(directory);
        assertThat(blobs.open("../../etc/passwd")).isEmpty();
        assertThat(blobs.read("zz")).isEmpty();
    }
}
