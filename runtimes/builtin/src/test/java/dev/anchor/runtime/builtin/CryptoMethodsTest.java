package dev.anchor.runtime.builtin;

import static dev.anchor.runtime.builtin.BuiltinTasks.task;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.spi.Outcome;
import dev.anchor.spi.RunResult;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class CryptoMethodsTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 8032 §7.1, TEST 1 (empty message).
    private static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    // The GCM specification's test case 4 (AES-128, 60-byte plaintext, 20 bytes of AAD), as in NIST's
    // GCM validation vectors.
    private static final String GCM_KEY = "feffe9928665731c6d6a8f9467308308";
    private static final String GCM_NONCE = "cafebabefacedbaddecaf888";
    private static final String GCM_AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private static final String GCM_PLAINTEXT = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    private static final String GCM_CIPHERTEXT = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
    private static final String GCM_TAG = "5bc94fbc3221a5db94fae95ae7121a47";

    @Test
    void sha256_of_abc_matches_fips_180() throws Exception {
        var result = task("crypto", "sha256").input("abc").run();

        assertThat(text(result)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void sha512_of_abc_matches_fips_180() throws Exception {
        var result = task("crypto", "sha512").input("abc").run();

        assertThat(text(result)).isEqualTo("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    }

    @Test
    void blake3_of_empty_input_matches_the_official_vector() throws Exception {
        var result = task("crypto", "blake3").run();

        assertThat(text(result)).isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    }

    @Test
    void blake3_of_abc_matches_the_reference_implementation() throws Exception {
        var result = task("crypto", "blake3").input("abc").run();

        assertThat(text(result)).isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    @Test
    void blake3_of_one_zero_byte_matches_the_official_vector() throws Exception {
        // test_vectors.json, input_len 1: the input is the byte 0.
        var result = task("crypto", "blake3").input(new byte[1]).run();

        assertThat(text(result)).isEqualTo("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
    }

    @Test
    void ed25519_sign_matches_rfc_8032_test_1() throws Exception {
        var result = task("crypto", "ed25519_sign").params(Map.of("privateKey", base64(RFC8032_SECRET))).run();

        assertThat(text(result)).isEqualTo(base64(RFC8032_SIGNATURE));
    }

    @Test
    void ed25519_verify_accepts_the_rfc_8032_test_1_signature() throws Exception {
        var result = verify(RFC8032_PUBLIC, HEX.parseHex(RFC8032_SIGNATURE), "");

        assertThat(text(result)).isEqualTo("true");
    }

    @Test
    void ed25519_verify_rejects_a_signature_of_another_message() throws Exception {
        var result = verify(RFC8032_PUBLIC, HEX.parseHex(RFC8032_SIGNATURE), "x");

        assertThat(text(result)).isEqualTo("false");
    }

    @Test
    void ed25519_verify_rejects_a_non_canonical_scalar() throws Exception {
        // s + L verifies under the group law but is not the canonical encoding (RFC 8032 §5.1.7 says
        // to reject s >= L); lenient verifiers accept it, which makes signatures malleable.
        var signature = HEX.parseHex(RFC8032_SIGNATURE);
        var order = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int sum = (signature[32 + i] & 0xFF) + (order[i] & 0xFF) + carry;
            signature[32 + i] = (byte) sum;
            carry = sum >> 8;
        }
        assertThat(carry).isZero();

        assertThat(text(verify(RFC8032_PUBLIC, signature, ""))).isEqualTo("false");
    }

    @Test
    void ed25519_verify_rejects_a_non_canonical_public_key() throws Exception {
        // y = 2^255 - 1 is not reduced modulo p = 2^255 - 19.
        var nonCanonical = "ff".repeat(31) + "7f";

        assertThat(text(verify(nonCanonical, HEX.parseHex(RFC8032_SIGNATURE), ""))).isEqualTo("false");
    }

    @Test
    void ed25519_sign_names_a_key_of_the_wrong_length() throws Exception {
        var result = task("crypto", "ed25519_sign").params(Map.of("privateKey", base64("00112233"))).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("params.privateKey: must decode to 32 bytes, not 4");
    }

    @Test
    void aes_gcm_encrypt_matches_the_gcm_test_vector() throws Exception {
        var result = task("crypto", "aes_gcm_encrypt").params(gcmParams()).input(HEX.parseHex(GCM_PLAINTEXT)).run();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(HEX.formatHex(result.output())).isEqualTo(GCM_CIPHERTEXT + GCM_TAG);
    }

    @Test
    void aes_gcm_decrypt_recovers_the_plaintext() throws Exception {
        var result = task("crypto", "aes_gcm_decrypt").params(gcmParams()).input(HEX.parseHex(GCM_CIPHERTEXT + GCM_TAG)).run();

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(HEX.formatHex(result.output())).isEqualTo(GCM_PLAINTEXT);
    }

    @Test
    void aes_gcm_decrypt_fails_authentication_when_a_bit_flips() throws Exception {
        var tampered = HEX.parseHex(GCM_CIPHERTEXT + GCM_TAG);
        tampered[3] ^= 1;

        var result = task("crypto", "aes_gcm_decrypt").params(gcmParams()).input(tampered).run();

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("authentication failed");
    }

    @Test
    void aes_gcm_decrypt_fails_authentication_without_the_aad() throws Exception {
        var params = Map.of("key", base64(GCM_KEY), "nonce", base64(GCM_NONCE));

        var result = task("crypto", "aes_gcm_decrypt").params(params).input(HEX.parseHex(GCM_CIPHERTEXT + GCM_TAG)).run();

        assertThat(result.reason()).isEqualTo("authentication failed");
    }

    @Test
    void aes_gcm_names_a_key_of_the_wrong_length() throws Exception {
        var params = Map.of("key", base64("00112233445566778899aabbccddee"), "nonce", base64(GCM_NONCE));

        var result = task("crypto", "aes_gcm_encrypt").params(params).input("secret").run();

        assertThat(result.reason()).isEqualTo("params.key: must decode to 16, 24 or 32 bytes, not 15");
    }

    private static RunResult verify(String publicKeyHex, byte[] signature, String message) throws InterruptedException {
        return task("crypto", "ed25519_verify")
                .params(Map.of("publicKey", base64(publicKeyHex), "signature", Base64.getEncoder().encodeToString(signature)))
                .input(message)
                .run();
    }

    private static Map<String, Object> gcmParams() {
        return Map.of("key", base64(GCM_KEY), "nonce", base64(GCM_NONCE), "aad", base64(GCM_AAD));
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HEX.parseHex(hex));
    }

    private static String text(RunResult result) {
        assertThat(result.outcome()).as("outcome (reason: %s)", result.reason()).isEqualTo(Outcome.SUCCEEDED);
        return new String(result.output(), US_ASCII);
    }
}
