package dev.anchor.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The leaves of the certificate-transparency reference tests (RFC 6962 implementation), as hex. */
    private static final List<String> CT_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    /** Roots of the first 1..8 of those leaves. */
    private static final List<String> CT_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void empty_output_has_the_hash_of_no_bytes_as_root() {
        assertThat(MerkleTree.root(new byte[0], MerkleTree.CHUNK_SIZE))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(new MerkleTree().leaves()).isZero();
    }

    @Test
    void roots_match_the_certificate_transparency_reference_vectors() {
        for (int n = 1; n <= CT_LEAVES.size(); n++) {
            MerkleTree tree = new MerkleTree();
            for (String leaf : CT_LEAVES.subList(0, n)) {
                byte[] bytes = HEX.parseHex(leaf);
                tree.add(bytes, 0, bytes.length);
            }
            assertThat(HEX.formatHex(tree.root())).as("%d leaves", n).isEqualTo(CT_ROOTS.get(n - 1));
        }
    }

    @Test
    void one_chunk_is_the_leaf_hash_with_its_domain_byte() throws Exception {
        byte[] data = "hello".getBytes();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0);
        sha.update(data);
        assertThat(MerkleTree.root(data, 16)).isEqualTo(HEX.formatHex(sha.digest()));
    }

    @Test
    void two_chunks_hash_to_a_node_with_its_domain_byte() throws Exception {
        byte[] data = "abcdef".getBytes();
        byte[] left = leaf(Arrays.copyOfRange(data, 0, 4));
        byte[] right = leaf(Arrays.copyOfRange(data, 4, 6));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        assertThat(MerkleTree.root(data, 4)).isEqualTo(HEX.formatHex(sha.digest()));
    }

    @Test
    void streaming_tree_equals_the_recursive_definition_for_every_size_up_to_70_chunks() throws Exception {
        Random random = new Random(6962);
        for (int chunks = 0; chunks <= 70; chunks++) {
            for (int tail : new int[] {0, 3}) {
                if (chunks == 0 && tail == 0) continue;
                byte[] data = new byte[chunks * 8 + tail];
                random.nextBytes(data);
                List<byte[]> leaves = new ArrayList<>();
                for (int offset = 0; offset < data.length; offset += 8) leaves.add(leaf(Arrays.copyOfRange(data, offset, Math.min(data.length, offset + 8))));
                String expected = HEX.formatHex(reference(leaves));
                assertThat(MerkleTree.root(data, 8)).as("%d bytes", data.length).isEqualTo(expected);
                assertThat(MerkleTree.root(new ByteArrayInputStream(data), 8)).isEqualTo(expected);
            }
        }
    }

    @Test
    void output_digest_gives_the_same_root_and_hash_whatever_the_pieces_it_is_fed() throws Exception {
        byte[] data = new byte[5 * MerkleTree.CHUNK_SIZE + 1234];
        new Random(1).nextBytes(data);
        OutputDigest.Result whole = OutputDigest.of(data);
        assertThat(whole.size()).isEqualTo(data.length);
        assertThat(whole.chunkSize()).isEqualTo(MerkleTree.CHUNK_SIZE);
        assertThat(whole.sha256()).isEqualTo(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(whole.merkleRoot()).isEqualTo(MerkleTree.root(data, MerkleTree.CHUNK_SIZE));

        OutputDigest pieces = new OutputDigest(MerkleTree.CHUNK_SIZE);
        Random sizes = new Random(2);
        for (int offset = 0; offset < data.length; ) {
            int length = Math.min(data.length - offset, sizes.nextInt(100_000));
            pieces.update(data, offset, length);
            offset += length;
        }
        assertThat(pieces.finish()).isEqualTo(whole);
        assertThat(OutputDigest.of(new ByteArrayInputStream(data), MerkleTree.CHUNK_SIZE)).isEqualTo(whole);
    }

    @Test
    void a_chunk_size_below_one_is_refused_with_its_name() {
        assertThatThrownBy(() -> MerkleTree.root(new byte[1], 0)).hasMessageContaining("chunkSize");
    }

    private static byte[] leaf(byte[] chunk) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0);
        return sha.digest(chunk);
    }

    /** RFC 6962 §2.1 as written: split at the largest power of two smaller than n. */
    private static byte[] reference(List<byte[]> leaves) throws Exception {
        if (leaves.size() == 1) return leaves.get(0);
        int k = Integer.highestOneBit(leaves.size() - 1);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 1);
        sha.update(reference(leaves.subList(0, k)));
        sha.update(reference(leaves.subList(k, leaves.size())));
        return sha.digest();
    }
}
