package dev.anchor.receipt;

import dev.anchor.api.Receipt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes of a receipt: what its signature covers. Version 1:
 *
 * <pre>
 *   string("anchor-receipt-v1")
 *   int32(version) string(taskId) string(attemptId) string(nodeId) string(publicKey)
 *   string(moduleHash) string(inputHash) string(outcome) string(outputHash) int64(outputSize)
 *   int32(chunkSize) string(merkleRoot) string(executionHash) int64(fuel) int64(durationMs)
 *   string(nonce) int64(timestamp)
 * </pre>
 *
 * where {@code string(s)} is the 4-byte big-endian length of the UTF-8 bytes of {@code s} followed by
 * those bytes, and {@code int32}/{@code int64} are big-endian two's complement. Every field of
 * {@link Receipt} but {@code signature}, in declaration order. Length prefixes make the encoding
 * unambiguous (no field can absorb its neighbour), and the domain tag keeps a receipt signature from
 * being valid as any other message the node signs (its registration, say). Thread-safe (stateless).
 */
public final class ReceiptCodec {
    /** Tag that starts the signed bytes of a version 1 receipt. */
    public static final String DOMAIN = "anchor-receipt-v1";
    /** The receipt encoding this code writes and reads. */
    public static final int VERSION = 1;

    private ReceiptCodec() {}

    /**
     * The bytes a node signs. Throws {@link IllegalArgumentException} naming the field when a string
     * field is null (a receipt with a missing field has no canonical form).
     */
    public static byte[] canonicalBytes(Receipt receipt) {
        Writer out = new Writer();
        out.string("domain", DOMAIN);
        out.int32(receipt.version());
        out.string("taskId", receipt.taskId());
        out.string("attemptId", receipt.attemptId());
        out.string("nodeId", receipt.nodeId());
        out.string("publicKey", receipt.publicKey());
        out.string("moduleHash", receipt.moduleHash());
        out.string("inputHash", receipt.inputHash());
        out.string("outcome", receipt.outcome());
        out.string("outputHash", receipt.outputHash());
        out.int64(receipt.outputSize());
        out.int32(receipt.chunkSize());
        out.string("merkleRoot", receipt.merkleRoot());
        out.string("executionHash", receipt.executionHash());
        out.int64(receipt.fuel());
        out.int64(receipt.durationMs());
        out.string("nonce", receipt.nonce());
        out.int64(receipt.timestamp());
        return out.bytes();
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        void string(String field, String value) {
            if (value == null) throw new IllegalArgumentException(field + ": is missing");
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            int32(utf8.length);
            out.writeBytes(utf8);
        }

        void int32(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
        }

        void int64(long value) {
            int32((int) (value >>> 32));
            int32((int) value);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
