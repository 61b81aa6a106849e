package dev.anchor.api.agent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A node's id is the fingerprint of its Ed25519 public key: SHA-256 of the raw 32 bytes, hex. */
public final class NodeIds {
    private NodeIds() {}

    public static String fingerprint(byte[] rawPublicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rawPublicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
