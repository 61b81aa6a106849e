package dev.anchor.store;

import java.security.SecureRandom;

/**
 * Time-ordered ids: milliseconds then random bits, Crockford base32 (26 digits), with a prefix
 * that says what the id names ({@code job_}, {@code tsk_}, {@code att_}). Sorting ids sorts by
 * creation time, which keeps indexes append-mostly.
 */
public final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    private static long lastMillis = -1;
    private static long randomHigh;
    private static long randomLow;

    /**
     * The next id. Within one millisecond the random part counts up from a random start (as monotonic
     * ULIDs do), so ids made in order sort in order, and tasks created together are leased in order.
     */
    public static String next(String prefix, long epochMillis) {
        long high;
        long low;
        synchronized (Ids.class) {
            if (epochMillis == lastMillis) {
                randomLow = (randomLow + 1) & 0xFFFF_FFFF_FFFFL;
                if (randomLow == 0) randomHigh = (randomHigh + 1) & 0xFFFF_FFFFL;
            } else {
                lastMillis = epochMillis;
                randomHigh = RANDOM.nextLong() & 0xFFFF_FFFFL;
                randomLow = RANDOM.nextLong() & 0x7FFF_FFFF_FFFFL; // leave room to count up
            }
            high = randomHigh;
            low = randomLow;
        }
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 16 base32 digits after the time: 6 from the high part, 10 from the low (48 bits, so its
        // top digit stays small); counting the low part up keeps ids made in one millisecond in order.
        long bits80high = high;
        for (int i = 25; i >= 16; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        for (int i = 15; i >= 10; i--) {
            out[i] = ALPHABET[(int) (bits80high & 31)];
            bits80high >>>= 5;
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
