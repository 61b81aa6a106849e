package dev.anchor.store;

import java.security.SecureRandom;

/**
 * Time-ordered ids: 48 bits of milliseconds then 80 random bits, Crockford base32, with a prefix
 * that says what the id names ({@code job_}, {@code tsk_}, {@code att_}). Sorting ids sorts by
 * creation time, which keeps indexes append-mostly.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next(String prefix, long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        long bits = 0;
        int available = 0;
        int position = 10;
        for (byte b : random) {
            bits = (bits << 8) | (b & 0xff);
            available += 8;
            while (available >= 5 && position < 26) {
                out[position++] = ALPHABET[(int) ((bits >>> (available - 5)) & 31)];
                available -= 5;
            }
        }
        return prefix + new String(out);
    }

    /** A random secret of 32 bytes, base32, with a prefix (API keys, tokens). */
    public static String secret(String prefix) {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder(prefix);
        long bits = 0;
        int available = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
            available += 8;
            while (available >= 5) {
                out.append(ALPHABET[(int) ((bits >>> (available - 5)) & 31)]);
                available -= 5;
            }
        }
        return out.toString();
    }
}
