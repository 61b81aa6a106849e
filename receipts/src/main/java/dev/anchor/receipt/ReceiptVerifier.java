package dev.anchor.receipt;

import dev.anchor.api.Receipt;
import dev.anchor.api.agent.NodeIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Checks a receipt with nothing but the receipt, optionally the output bytes it describes and the
 * public key it should carry. Every problem found is reported, each as one sentence that names the
 * field. Stateless and thread-safe.
 *
 * <p>What it does not know, the coordinator checks with its store: whether the nonce was seen before
 * (replay) and whether {@code nodeId} is a registered node with that key. {@link #checkContext} holds
 * the checks against what the coordinator expects of a given attempt.
 */
public final class ReceiptVerifier {
    /** Outcomes a receipt may state. */
    public static final Set<String> OUTCOMES = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT");

    private ReceiptVerifier() {}

    /** The verdict: valid when there are no problems. */
    public record Result(List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * What the coordinator expects of a receipt for one attempt; a null field is not checked.
     *
     * @param nodeId the node that reported the attempt
     */
    public record Expected(String taskId, String attemptId, String nodeId, String moduleHash, String inputHash) {}

    /** The receipt on its own: encodings, nodeId, executionHash and signature. */
    public static Result verify(Receipt receipt) {
        return verify(receipt, (OutputDigest.Result) null, null);
    }

    /**
     * The receipt, and when given, the output against {@code outputSize}, {@code outputHash} and
     * {@code merkleRoot}, and the key against {@code expectedPublicKey} (raw 32 bytes).
     */
    public static Result verify(Receipt receipt, byte[] output, byte[] expectedPublicKey) {
        OutputDigest.Result digest = output != null && receipt != null && receipt.chunkSize() == MerkleTree.CHUNK_SIZE
                ? OutputDigest.of(output, receipt.chunkSize()) : null;
        Result result = verify(receipt, digest, expectedPublicKey);
        if (output != null && digest == null && receipt != null) {
            List<String> problems = new ArrayList<>(result.problems());
            problems.add("output not checked: chunkSize is not " + MerkleTree.CHUNK_SIZE);
            return new Result(problems);
        }
        return result;
    }

    /** As {@link #verify(Receipt, byte[], byte[])}, with the output already digested (streamed from a file, say). */
    public static Result verify(Receipt receipt, OutputDigest.Result output, byte[] expectedPublicKey) {
        List<String> problems = new ArrayList<>();
        if (receipt == null) return new Result(List.of("receipt: is missing"));
        if (receipt.version() != ReceiptCodec.VERSION) {
            problems.add("unsupported version " + receipt.version() + "; expected " + ReceiptCodec.VERSION);
        }
        present(problems, "taskId", receipt.taskId());
        present(problems, "attemptId", receipt.attemptId());
        boolean nodeIdOk = hex(problems, "nodeId", receipt.nodeId(), 32);
        byte[] publicKey = base64(problems, "publicKey", receipt.publicKey(), Ed25519Strict.PUBLIC_KEY_SIZE);
        boolean hashesOk = hex(problems, "moduleHash", receipt.moduleHash(), 32);
        hashesOk &= hex(problems, "inputHash", receipt.inputHash(), 32);
        if (receipt.outcome() == null) problems.add("outcome: is missing");
        else if (!OUTCOMES.contains(receipt.outcome())) problems.add("outcome: must be SUCCEEDED, FAILED or TIMED_OUT, not " + receipt.outcome());
        hashesOk &= hex(problems, "outputHash", receipt.outputHash(), 32);
        if (receipt.outputSize() < 0) problems.add("outputSize: must not be negative");
        if (receipt.chunkSize() != MerkleTree.CHUNK_SIZE) {
            problems.add("chunkSize: must be " + MerkleTree.CHUNK_SIZE + " in version " + ReceiptCodec.VERSION + ", not " + receipt.chunkSize());
        }
        hex(problems, "merkleRoot", receipt.merkleRoot(), 32);
        boolean executionOk = hex(problems, "executionHash", receipt.executionHash(), 32);
        if (receipt.fuel() < 0) problems.add("fuel: must not be negative");
        if (receipt.durationMs() < 0) problems.add("durationMs: must not be negative");
        hex(problems, "nonce", receipt.nonce(), 16);
        if (receipt.timestamp() <= 0) problems.add("timestamp: must be positive epoch milliseconds");
        byte[] signature = base64(problems, "signature", receipt.signature(), Ed25519Strict.SIGNATURE_SIZE);

        if (publicKey != null && nodeIdOk && !NodeIds.fingerprint(publicKey).equals(receipt.nodeId())) {
            problems.add("nodeId is not the fingerprint of publicKey");
        }
        if (hashesOk && executionOk
                && !PayloadHash.executionHash(receipt.moduleHash(), receipt.inputHash(), receipt.outputHash()).equals(receipt.executionHash())) {
            problems.add("executionHash does not match moduleHash, inputHash and outputHash");
        }
        if (expectedPublicKey != null && publicKey != null && !Arrays.equals(expectedPublicKey, publicKey)) {
            problems.add("publicKey is not the expected key");
        }
        if (publicKey != null && signature != null) {
            String signatureProblem = signatureProblem(receipt, publicKey, signature);
            if (signatureProblem != null) problems.add(signatureProblem);
        }
        if (output != null) {
            if (output.size() != receipt.outputSize()) {
                problems.add("outputSize " + receipt.outputSize() + " does not match the output's " + output.size() + " bytes");
            }
            if (!output.sha256().equals(receipt.outputHash())) problems.add("output does not match outputHash");
            if (output.chunkSize() == receipt.chunkSize() && !output.merkleRoot().equals(receipt.merkleRoot())) {
                problems.add("output does not match merkleRoot");
            }
        }
        return new Result(problems);
    }

    private static String signatureProblem(Receipt receipt, byte[] publicKey, byte[] signature) {
        byte[] message;
        try {
            message = ReceiptCodec.canonicalBytes(receipt);
        } catch (IllegalArgumentException missingField) {
            return null; // already reported as missing; there is nothing to verify against
        }
        String rejection = Ed25519Strict.rejection(publicKey, signature);
        if (rejection != null) return "signature does not verify (" + rejection + ")";
        return Ed25519Strict.verify(publicKey, message, signature) ? null : "signature does not verify";
    }

    /**
     * What the coordinator checks beyond {@link #verify}: the receipt is for the attempt it expects
     * (each non-null field of {@code expected}), and was signed within {@code windowMs} of {@code now}
     * either way (a stale receipt, or one from a clock too far ahead).
     */
    public static Result checkContext(Receipt receipt, Expected expected, long now, long windowMs) {
        List<String> problems = new ArrayList<>();
        if (receipt == null) return new Result(List.of("receipt: is missing"));
        mismatch(problems, "taskId", expected.taskId(), receipt.taskId(), "the task");
        mismatch(problems, "attemptId", expected.attemptId(), receipt.attemptId(), "the attempt");
        mismatch(problems, "nodeId", expected.nodeId(), receipt.nodeId(), "the reporting node");
        mismatch(problems, "moduleHash", expected.moduleHash(), receipt.moduleHash(), "the task's payload");
        mismatch(problems, "inputHash", expected.inputHash(), receipt.inputHash(), "the task's input");
        long age = now - receipt.timestamp();
        if (age > windowMs) problems.add("timestamp is stale: " + age + " ms old, beyond the window of " + windowMs + " ms");
        if (-age > windowMs) problems.add("timestamp is " + -age + " ms in the future, beyond the window of " + windowMs + " ms");
        return new Result(problems);
    }

    private static void mismatch(List<String> problems, String field, String expected, String actual, String what) {
        if (expected != null && !expected.equals(actual)) problems.add(field + " does not match " + what);
    }

    private static void present(List<String> problems, String field, String value) {
        if (value == null || value.isEmpty()) problems.add(field + ": is missing");
    }

    private static boolean hex(List<String> problems, String field, String value, int bytes) {
        if (value == null) {
            problems.add(field + ": is missing");
            return false;
        }
        if (!Sha256.isHex(value, bytes)) {
            problems.add(field + ": must be " + bytes * 2 + " lower-case hex digits");
            return false;
        }
        return true;
    }

    private static byte[] base64(List<String> problems, String field, String value, int bytes) {
        if (value == null) {
            problems.add(field + ": is missing");
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": not valid base64");
            return null;
        }
        if (decoded.length != bytes) {
            problems.add(field + ": must be base64 of " + bytes + " bytes, not " + decoded.length);
            return null;
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(value)) {
            problems.add(field + ": not canonical base64");
            return null;
        }
        return decoded;
    }
}
