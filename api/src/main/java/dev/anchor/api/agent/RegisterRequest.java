package dev.anchor.api.agent;

import dev.anchor.api.AnchorException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A node joining. {@code signature} is the node's Ed25519 signature (base64) over the UTF-8 bytes of
 * {@code "anchor-register\n" + publicKey + "\n" + timestamp}, proving it holds the key whose
 * fingerprint becomes its id.
 *
 * @param publicKey raw 32-byte Ed25519 public key, base64
 * @param gpus      NVIDIA GPUs the node found at start, or null from agents that predate the field
 * @param labels    operator-given {@code key=value} labels for placement ({@code anchor agent --label}); may be null
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
        String signature,
        Integer gpus,
        Map<String, String> labels) {

    /** A registration without GPU count or labels, as agents sent before those fields existed. */
    public RegisterRequest(String joinToken, String publicKey, String name, List<String> runtimes, int cores, long memoryMb,
                           int slots, long timestamp, String signature) {
        this(joinToken, publicKey, name, runtimes, cores, memoryMb, slots, timestamp, signature, null, null);
    }

    /** Label keys: a letter or digit, then up to 62 letters, digits, '.', '_', '-' or '/'. */
    public static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
    /** The most labels a node may carry, and the longest value. */
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_VALUE = 256;

    /** The labels, checked: at most {@value #MAX_LABELS}, keys as {@link #LABEL_KEY}, values up to {@value #MAX_LABEL_VALUE} characters. */
    public Map<String, String> checkedLabels() {
        if (labels == null) return Map.of();
        if (labels.size() > MAX_LABELS) throw AnchorException.invalidField("labels", "has " + labels.size() + " entries; at most " + MAX_LABELS);
        for (var entry : labels.entrySet()) {
            if (entry.getKey() == null || !LABEL_KEY.matcher(entry.getKey()).matches()) {
                throw AnchorException.invalidField("labels", "key '" + entry.getKey() + "' must be 1 to 63 letters, digits, '.', '_', '-' "
                        + "or '/', starting with a letter or digit");
            }
            if (entry.getValue() == null || entry.getValue().length() > MAX_LABEL_VALUE) {
                throw AnchorException.invalidField("labels." + entry.getKey(), "must be a string of at most " + MAX_LABEL_VALUE + " characters");
            }
        }
        return Map.copyOf(labels);
    }

    /** The GPU count, checked: 0 to 1024, null when the node did not say. */
    public Integer checkedGpus() {
        if (gpus != null && (gpus < 0 || gpus > 1024)) throw AnchorException.invalidField("gpus", "must be between 0 and 1024");
        return gpus;
    }

    /** The bytes a node signs to register. */
    public static byte[] signedBytes(String publicKey, long timestamp) {
        return ("anchor-register\n" + publicKey + "\n" + timestamp).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
