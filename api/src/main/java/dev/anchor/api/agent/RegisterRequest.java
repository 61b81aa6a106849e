package dev.anchor.api.agent;

import java.util.List;

/**
 * A node joining. {@code signature} is the node's Ed25519 signature (base64) over the UTF-8 bytes of
 * {@code "anchor-register\n" + publicKey + "\n" + timestamp}, proving it holds the key whose
 * fingerprint becomes its id.
 *
 * @param publicKey raw 32-byte Ed25519 public key, base64
 */
public record RegisterRequest(
        String joinToken,
        String publicKey,
        String name,
        List<String> runtimes,
        int cores,
        long memoryMb,
        int slots,
        long timestamp,
        String signature) {

    /** The bytes a node signs to register. */
    public static byte[] signedBytes(String publicKey, long timestamp) {
        return ("anchor-register\n" + publicKey + "\n" + timestamp).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
