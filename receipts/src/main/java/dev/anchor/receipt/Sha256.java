package dev.anchor.receipt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; hashes travel as lower-case hex. */
final class Sha256 {
    static final HexFormat HEX = HexFormat.of();

    private Sha256() {}

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(digest().digest(bytes));
    }

    /** Whether {@code value} is exactly {@code bytes} bytes as lower-case hex. */
    static boolean isHex(String value, int bytes) {
        if (value == null || value.length() != bytes * 2) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }
}
