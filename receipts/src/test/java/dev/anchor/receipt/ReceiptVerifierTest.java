package dev.anchor.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anchor.api.DataRef;
import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.agent.NodeIds;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

final class ReceiptVerifierTest {
    private static final long NOW = 1_760_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final Ed25519PrivateKeyParameters NODE_KEY = key(1);
    private static final Ed25519PrivateKeyParameters OTHER_KEY = key(2);
    private static final ReceiptSigner NODE = new ReceiptSigner(NODE_KEY, CLOCK);
    private static final ReceiptSigner OTHER = new ReceiptSigner(OTHER_KEY, CLOCK);
    private static final TaskSpec SPEC = new TaskSpec("builtin", null, null, null, DataRef.ofText("input"), null, null, "crypto", "sha256",
            null, null, null, null, null);
    private static final byte[] INPUT = "input".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OUTPUT = "the output of the task".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE_FAILS = "signature does not verify";

    private static Ed25519PrivateKeyParameters key(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return new Ed25519PrivateKeyParameters(bytes);
    }

    private static Receipt signed() {
        return NODE.sign("task-1", "attempt-1", SPEC, INPUT, "SUCCEEDED", OUTPUT, 1234, 56);
    }

    @Test
    void a_signed_receipt_verifies_with_its_output_and_key() {
        Receipt receipt = signed();
        assertThat(ReceiptVerifier.verify(receipt).problems()).isEmpty();
        assertThat(ReceiptVerifier.verify(receipt, OUTPUT, NODE.publicKey()).valid()).isTrue();
        assertThat(receipt.nodeId()).isEqualTo(NodeIds.fingerprint(NODE_KEY.generatePublicKey().getEncoded())).isEqualTo(NODE.nodeId());
        assertThat(receipt.moduleHash()).isEqualTo(PayloadHash.moduleHash(SPEC));
        assertThat(receipt.inputHash()).isEqualTo(PayloadHash.inputHash(INPUT)).isEqualTo(PayloadHash.inputHash(SPEC.input()));
        assertThat(receipt.outputSize()).isEqualTo(OUTPUT.length);
        assertThat(receipt.chunkSize()).isEqualTo(MerkleTree.CHUNK_SIZE);
        assertThat(receipt.merkleRoot()).isEqualTo(MerkleTree.root(OUTPUT, MerkleTree.CHUNK_SIZE));
        assertThat(receipt.fuel()).isEqualTo(1234);
        assertThat(receipt.durationMs()).isEqualTo(56);
        assertThat(receipt.timestamp()).isEqualTo(NOW);
        assertThat(receipt.nonce()).matches("[0-9a-f]{32}").isNotEqualTo(signed().nonce());
    }

    @Test
    void each_field_altered_is_rejected_with_its_reason() {
        Receipt receipt = signed();
        Receipt another = OTHER.sign("task-9", "attempt-9", SPEC, INPUT, "FAILED", "other".getBytes(), 1, 1);
        Map<String, Object> altered = new LinkedHashMap<>();
        altered.put("version", 2);
        altered.put("taskId", "task-2");
        altered.put("attemptId", "attempt-2");
        altered.put("nodeId", another.nodeId());
        altered.put("publicKey", another.publicKey());
        altered.put("moduleHash", another.moduleHash().equals(receipt.moduleHash()) ? "0".repeat(64) : another.moduleHash());
        altered.put("inputHash", "1".repeat(64));
        altered.put("outcome", "FAILED");
        altered.put("outputHash", another.outputHash());
        altered.put("outputSize", receipt.outputSize() + 1);
        altered.put("chunkSize", 32 * 1024);
        altered.put("merkleRoot", another.merkleRoot());
        altered.put("executionHash", another.executionHash());
        altered.put("fuel", receipt.fuel() + 1);
        altered.put("durationMs", receipt.durationMs() + 1);
        altered.put("nonce", another.nonce());
        altered.put("timestamp", receipt.timestamp() + 1);
        altered.put("signature", another.signature());

        Map<String, List<String>> reasons = Map.of(
                "version", List.of("unsupported version 2; expected 1"),
                "nodeId", List.of("nodeId is not the fingerprint of publicKey"),
                "publicKey", List.of("nodeId is not the fingerprint of publicKey", "publicKey is not the expected key"),
                "moduleHash", List.of("executionHash does not match moduleHash, inputHash and outputHash"),
                "inputHash", List.of("executionHash does not match moduleHash, inputHash and outputHash"),
                "outputHash", List.of("executionHash does not match moduleHash, inputHash and outputHash", "output does not match outputHash"),
                "outputSize", List.of("outputSize 23 does not match the output's 22 bytes"),
                "chunkSize", List.of("chunkSize: must be 65536 in version 1, not 32768"),
                "merkleRoot", List.of("output does not match merkleRoot"),
                "executionHash", List.of("executionHash does not match moduleHash, inputHash and outputHash"));

        List<String> fields = Arrays.stream(Receipt.class.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(altered.keySet()).containsExactlyElementsOf(fields);
        for (String field : fields) {
            Receipt tampered = with(receipt, field, altered.get(field));
            List<String> problems = ReceiptVerifier.verify(tampered, OUTPUT, NODE.publicKey()).problems();
            assertThat(problems).as(field).contains(SIGNATURE_FAILS);
            assertThat(problems).as(field).containsAll(reasons.getOrDefault(field, List.of()));
        }
    }

    @Test
    void a_signature_swapped_from_another_receipt_of_the_same_node_does_not_verify() {
        Receipt first = signed();
        Receipt second = NODE.sign("task-1", "attempt-2", SPEC, INPUT, "SUCCEEDED", OUTPUT, 1234, 56);
        assertThat(ReceiptVerifier.verify(with(first, "signature", second.signature())).problems()).containsExactly(SIGNATURE_FAILS);
    }

    @Test
    void another_key_cannot_sign_for_a_node() {
        Receipt genuine = signed();
        // The other key signs the node's own id and key: the signature is not the node's.
        Receipt forged = OTHER.sign(genuine);
        assertThat(ReceiptVerifier.verify(forged).problems()).containsExactly(SIGNATURE_FAILS);
        // It signs with its own key but claims the node's id: no key has that fingerprint but the node's.
        Receipt claimed = OTHER.sign(with(genuine, "publicKey", Base64.getEncoder().encodeToString(OTHER.publicKey())));
        assertThat(ReceiptVerifier.verify(claimed).problems()).containsExactly("nodeId is not the fingerprint of publicKey");
        // Consistent under its own id, it is a valid receipt of another node, which the expected key and context catch.
        Receipt own = OTHER.sign(with(with(genuine, "publicKey", Base64.getEncoder().encodeToString(OTHER.publicKey())), "nodeId", OTHER.nodeId()));
        assertThat(ReceiptVerifier.verify(own).valid()).isTrue();
        assertThat(ReceiptVerifier.verify(own, OUTPUT, NODE.publicKey()).problems()).containsExactly("publicKey is not the expected key");
        var expected = new ReceiptVerifier.Expected("task-1", "attempt-1", NODE.nodeId(), genuine.moduleHash(), genuine.inputHash());
        assertThat(ReceiptVerifier.checkContext(own, expected, NOW, 60_000).problems()).containsExactly("nodeId does not match the reporting node");
    }

    @Test
    void stale_and_future_timestamps_fall_outside_the_window() {
        Receipt receipt = signed();
        var expected = new ReceiptVerifier.Expected("task-1", "attempt-1", NODE.nodeId(), receipt.moduleHash(), receipt.inputHash());
        assertThat(ReceiptVerifier.checkContext(receipt, expected, NOW + 60_000, 60_000).valid()).isTrue();
        assertThat(ReceiptVerifier.checkContext(receipt, expected, NOW + 60_001, 60_000).problems())
                .containsExactly("timestamp is stale: 60001 ms old, beyond the window of 60000 ms");
        assertThat(ReceiptVerifier.checkContext(receipt, expected, NOW - 60_001, 60_000).problems())
                .containsExactly("timestamp is 60001 ms in the future, beyond the window of 60000 ms");
    }

    @Test
    void context_mismatches_are_named() {
        Receipt receipt = signed();
        var expected = new ReceiptVerifier.Expected("task-2", "attempt-2", NODE.nodeId(), "0".repeat(64), "1".repeat(64));
        assertThat(ReceiptVerifier.checkContext(receipt, expected, NOW, 1000).problems()).containsExactly(
                "taskId does not match the task", "attemptId does not match the attempt", "moduleHash does not match the task's payload",
                "inputHash does not match the task's input");
        var unchecked = new ReceiptVerifier.Expected(null, null, null, null, null);
        assertThat(ReceiptVerifier.checkContext(receipt, unchecked, NOW, 1000).valid()).isTrue();
    }

    @Test
    void tampered_output_fails_its_hash_and_merkle_root() {
        Receipt receipt = signed();
        byte[] tampered = OUTPUT.clone();
        tampered[3] ^= 1;
        assertThat(ReceiptVerifier.verify(receipt, tampered, null).problems())
                .containsExactly("output does not match outputHash", "output does not match merkleRoot");
        byte[] truncated = Arrays.copyOf(OUTPUT, OUTPUT.length - 1);
        assertThat(ReceiptVerifier.verify(receipt, truncated, null).problems()).containsExactly(
                "outputSize 22 does not match the output's 21 bytes", "output does not match outputHash", "output does not match merkleRoot");
    }

    @Test
    void malformed_fields_are_named() {
        Receipt receipt = signed();
        assertThat(ReceiptVerifier.verify(with(receipt, "nodeId", "XYZ")).problems())
                .containsExactly("nodeId: must be 64 lower-case hex digits", SIGNATURE_FAILS);
        assertThat(ReceiptVerifier.verify(with(receipt, "publicKey", "!!")).problems()).containsExactly("publicKey: not valid base64");
        assertThat(ReceiptVerifier.verify(with(receipt, "signature", "AAAAAAAAAAAAAA==")).problems())
                .containsExactly("signature: must be base64 of 64 bytes, not 10");
        assertThat(ReceiptVerifier.verify(with(receipt, "nonce", "abc")).problems())
                .containsExactly("nonce: must be 32 lower-case hex digits", SIGNATURE_FAILS);
        assertThat(ReceiptVerifier.verify(with(receipt, "taskId", null)).problems()).containsExactly("taskId: is missing");
        assertThat(ReceiptVerifier.verify(with(receipt, "outcome", "MAYBE")).problems())
                .containsExactly("outcome: must be SUCCEEDED, FAILED or TIMED_OUT, not MAYBE", SIGNATURE_FAILS);
        assertThat(ReceiptVerifier.verify(null).problems()).containsExactly("receipt: is missing");
    }

    @Test
    void a_non_canonical_signature_says_why_it_fails() {
        Receipt receipt = signed();
        byte[] signature = Base64.getDecoder().decode(receipt.signature());
        // S + L encodes the same scalar; strict verification refuses it.
        byte[] l = java.util.HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int sum = (signature[32 + i] & 0xff) + (l[i] & 0xff) + carry;
            signature[32 + i] = (byte) sum;
            carry = sum >>> 8;
        }
        assertThat(ReceiptVerifier.verify(with(receipt, "signature", Base64.getEncoder().encodeToString(signature))).problems())
                .containsExactly("signature does not verify (S is not below the group order)");
    }

    /** A copy of {@code receipt} with one field replaced. */
    static Receipt with(Receipt receipt, String field, Object value) {
        try {
            RecordComponent[] components = Receipt.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals(field) ? value : components[i].getAccessor().invoke(receipt);
            }
            return Receipt.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
