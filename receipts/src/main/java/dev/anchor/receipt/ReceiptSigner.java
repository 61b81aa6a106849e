package dev.anchor.receipt;

import static java.util.Objects.requireNonNull;

import dev.anchor.api.Receipt;
import dev.anchor.api.TaskSpec;
import dev.anchor.api.agent.NodeIds;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Makes a node's signed receipts. One per node key; thread-safe (the key, clock and random source it
 * holds are). The nonce is 16 bytes from {@link SecureRandom}; the timestamp is the clock's now.
 */
public final class ReceiptSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] publicKey;
    private final String publicKeyBase64;
    private final String nodeId;
    private final UnaryOperator<byte[]> signature;
    private final Clock clock;

    /** A signer with the node's private key (BouncyCastle). */
    public ReceiptSigner(Ed25519PrivateKeyParameters privateKey, Clock clock) {
        this(publicKeyOf(privateKey), signing(privateKey), clock);
    }

    /**
     * A signer that asks {@code signature} for the 64-byte Ed25519 signature of a message (a key held
     * elsewhere: an agent's keystore, a hardware token) made with the key whose raw 32 bytes are
     * {@code publicKey}.
     */
    public ReceiptSigner(byte[] publicKey, UnaryOperator<byte[]> signature, Clock clock) {
        requireNonNull(publicKey, "publicKey is null");
        if (publicKey.length != Ed25519Strict.PUBLIC_KEY_SIZE) throw new IllegalArgumentException("publicKey: must be 32 bytes");
        this.publicKey = publicKey.clone();
        this.publicKeyBase64 = Base64.getEncoder().encodeToString(publicKey);
        this.nodeId = NodeIds.fingerprint(publicKey);
        this.signature = requireNonNull(signature, "signature is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    private static byte[] publicKeyOf(Ed25519PrivateKeyParameters privateKey) {
        return requireNonNull(privateKey, "privateKey is null").generatePublicKey().getEncoded();
    }

    private static UnaryOperator<byte[]> signing(Ed25519PrivateKeyParameters privateKey) {
        return message -> {
            byte[] out = new byte[Ed25519Strict.SIGNATURE_SIZE];
            // The key caches its public half, so this does not recompute it per signature.
            privateKey.sign(org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.length, out, 0);
            return out;
        };
    }

    /** The node id receipts from this signer carry: the fingerprint of its public key. */
    public String nodeId() {
        return nodeId;
    }

    /** The raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The signed receipt of one attempt, over the bytes that ran: {@code moduleHash} of {@code spec},
     * {@code inputHash} of {@code input}, and the output's hash, size and Merkle root.
     */
    public Receipt sign(String taskId, String attemptId, TaskSpec spec, byte[] input, String outcome, byte[] output, long fuel,
                        long durationMs) {
        return sign(taskId, attemptId, PayloadHash.moduleHash(requireNonNull(spec, "spec is null")),
                PayloadHash.inputHash(requireNonNull(input, "input is null")), outcome, OutputDigest.of(requireNonNull(output, "output is null")),
                fuel, durationMs);
    }

    /** The signed receipt of one attempt from hashes the caller computed ({@link PayloadHash}, {@link OutputDigest}). */
    public Receipt sign(String taskId, String attemptId, String moduleHash, String inputHash, String outcome, OutputDigest.Result output,
                        long fuel, long durationMs) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Receipt unsigned = new Receipt(ReceiptCodec.VERSION, taskId, attemptId, nodeId, publicKeyBase64, moduleHash, inputHash, outcome,
                output.sha256(), output.size(), output.chunkSize(), output.merkleRoot(),
                PayloadHash.executionHash(moduleHash, inputHash, output.sha256()), Math.max(0, fuel), Math.max(0, durationMs),
                Sha256.HEX.formatHex(nonce), clock.millis(), null);
        return sign(unsigned);
    }

    /**
     * Signs exactly the fields of {@code receipt} (its {@code signature} is replaced), whatever they say:
     * for tests and tools that need a receipt with chosen contents.
     */
    public Receipt sign(Receipt receipt) {
        byte[] signed = signature.apply(ReceiptCodec.canonicalBytes(receipt));
        return new Receipt(receipt.version(), receipt.taskId(), receipt.attemptId(), receipt.nodeId(), receipt.publicKey(),
                receipt.moduleHash(), receipt.inputHash(), receipt.outcome(), receipt.outputHash(), receipt.outputSize(),
                receipt.chunkSize(), receipt.merkleRoot(), receipt.executionHash(), receipt.fuel(), receipt.durationMs(), receipt.nonce(),
                receipt.timestamp(), Base64.getEncoder().encodeToString(signed));
    }
}
