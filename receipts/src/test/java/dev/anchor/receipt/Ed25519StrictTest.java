package dev.anchor.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

final class Ed25519StrictTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 §7.1: secret key, public key, message, signature. */
    private record Rfc8032(String name, String secret, String publicKey, String message, String signature) {}

    private static final List<Rfc8032> RFC_8032 = List.of(
            new Rfc8032("TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
            new Rfc8032("TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
            new Rfc8032("TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                    "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                    "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
            new Rfc8032("TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
                    "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
                    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                    "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"));

    @Test
    void rfc_8032_vectors_sign_to_the_published_signature_and_verify() {
        for (Rfc8032 vector : RFC_8032) {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(HEX.parseHex(vector.secret()));
            byte[] message = HEX.parseHex(vector.message());
            assertThat(HEX.formatHex(key.generatePublicKey().getEncoded())).as(vector.name()).isEqualTo(vector.publicKey());
            byte[] signature = new byte[64];
            key.sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
            assertThat(HEX.formatHex(signature)).as(vector.name()).isEqualTo(vector.signature());
            assertThat(Ed25519Strict.verify(HEX.parseHex(vector.publicKey()), message, signature)).as(vector.name()).isTrue();
            message = vector.message().isEmpty() ? new byte[] {0} : flipFirstBit(message);
            assertThat(Ed25519Strict.verify(HEX.parseHex(vector.publicKey()), message, signature)).as(vector.name() + " altered").isFalse();
        }
    }

    @Test
    void the_sha_abc_vector_message_is_sha512_of_abc() throws Exception {
        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-512").digest("abc".getBytes()))).isEqualTo(RFC_8032.get(3).message());
    }

    /**
     * Project Wycheproof's Ed25519 verification vectors (test resource, Apache-2.0): every "valid" one
     * verifies and every "invalid" one does not. The file has no "acceptable" vectors; we would treat
     * one as invalid (strict).
     */
    @Test
    void every_wycheproof_vector_gets_its_expected_result() throws Exception {
        JsonNode file;
        try (InputStream in = getClass().getResourceAsStream("/wycheproof/ed25519_test.json")) {
            file = new ObjectMapper().readTree(in);
        }
        List<String> wrong = new ArrayList<>();
        int tests = 0;
        int valid = 0;
        for (JsonNode group : file.get("testGroups")) {
            byte[] publicKey = HEX.parseHex(group.get("pk").asText());
            for (JsonNode test : group.get("tests")) {
                tests++;
                String result = test.get("result").asText();
                assertThat(result).isIn("valid", "invalid", "acceptable");
                boolean expected = result.equals("valid");
                if (expected) valid++;
                boolean actual = Ed25519Strict.verify(publicKey, HEX.parseHex(test.get("msg").asText()), HEX.parseHex(test.get("sig").asText()));
                if (actual != expected) wrong.add("tcId " + test.get("tcId").asInt() + " " + test.get("flags") + ": expected " + result);
            }
        }
        assertThat(tests).isEqualTo(file.get("numberOfTests").asInt()).isEqualTo(151);
        assertThat(valid).isEqualTo(88);
        assertThat(wrong).isEmpty();
    }

    @Test
    void a_small_order_key_is_refused_even_where_the_equation_holds() {
        // A = identity, R = identity, S = 0: [S]B = R + [k]A holds for every message.
        byte[] identity = new byte[32];
        identity[0] = 1;
        byte[] signature = new byte[64];
        signature[0] = 1;
        assertThat(Ed25519Strict.rejection(identity, signature)).isEqualTo("public key has small order");
        assertThat(Ed25519Strict.verify(identity, "any message".getBytes(), signature)).isFalse();
    }

    @Test
    void all_eight_small_order_points_are_recognised_for_the_key_and_for_r() {
        List<String> smallOrder = List.of(
                "0100000000000000000000000000000000000000000000000000000000000000", // identity
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
                "0000000000000000000000000000000000000000000000000000000000000000", // order 4
                "0000000000000000000000000000000000000000000000000000000000000080", // order 4
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"); // order 8
        byte[] honestKey = HEX.parseHex(RFC_8032.get(0).publicKey());
        for (String point : smallOrder) {
            byte[] signature = new byte[64];
            System.arraycopy(HEX.parseHex(point), 0, signature, 0, 32);
            assertThat(Ed25519Strict.rejection(HEX.parseHex(point), new byte[64])).as(point).isEqualTo("public key has small order");
            assertThat(Ed25519Strict.rejection(honestKey, signature)).as(point).isEqualTo("R has small order");
        }
    }

    @Test
    void non_canonical_encodings_and_an_oversized_s_are_refused_by_name() {
        byte[] honestKey = HEX.parseHex(RFC_8032.get(0).publicKey());
        byte[] p = HEX.parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        assertThat(Ed25519Strict.rejection(p, new byte[64])).isEqualTo("public key is not a canonical encoding (y >= p)");
        byte[] minusZeroIdentity = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000080");
        assertThat(Ed25519Strict.rejection(minusZeroIdentity, new byte[64])).contains("x = 0 with the sign bit set");

        byte[] signature = HEX.parseHex(RFC_8032.get(0).signature());
        byte[] l = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        System.arraycopy(l, 0, signature, 32, 32);
        assertThat(Ed25519Strict.rejection(honestKey, signature)).isEqualTo("S is not below the group order");
        assertThat(Ed25519Strict.rejection(honestKey, new byte[63])).isEqualTo("signature is not 64 bytes");
        assertThat(Ed25519Strict.rejection(new byte[31], new byte[64])).isEqualTo("public key is not 32 bytes");
    }

    private static byte[] flipFirstBit(byte[] message) {
        byte[] copy = message.clone();
        copy[0] ^= 1;
        return copy;
    }
}
