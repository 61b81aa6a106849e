package dev.anchor.receipt;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 verification (RFC 8032 §5.1.7) that accepts exactly one encoding of every valid signature
 * and no key or nonce point of small order. Before BouncyCastle's verification it rejects:
 * <ul>
 *   <li>a key that is not 32 bytes or a signature that is not 64;</li>
 *   <li>S ≥ L, the group order (a second encoding of the same signature: malleability);</li>
 *   <li>a non-canonical point encoding for A (the key) or R: y ≥ p, or x = 0 with the sign bit set;</li>
 *   <li>A or R of small order (one of the 8 points whose multiple by the cofactor is the identity):
 *       a small-order key makes signatures that verify for many messages, and such a key or R has
 *       no place in an honest signature.</li>
 * </ul>
 * Points that are not on the curve at all are rejected by BouncyCastle's decoding. The small-order
 * points are recognised by their y coordinate (a point and its negation share it): 1 (the identity),
 * p − 1 (order 2), 0 (order 4) and ±y₈ (order 8), where y₈ is derived at class load from the curve
 * constant d rather than written down. Stateless and thread-safe.
 */
public final class Ed25519Strict {
    public static final int PUBLIC_KEY_SIZE = 32;
    public static final int SIGNATURE_SIZE = 64;

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final byte[] L_BYTES = littleEndian(L);
    private static final byte[] ONE = littleEndian(BigInteger.ONE);
    private static final byte[] MINUS_ONE = littleEndian(P.subtract(BigInteger.ONE));
    /** y coordinates (little-endian, sign bit clear) of the 8 points of small order. */
    private static final List<byte[]> SMALL_ORDER_Y = smallOrderYs();
    private static final int DECODED_MAX = 4_096;
    private static final java.util.concurrent.ConcurrentHashMap<java.nio.ByteBuffer, Ed25519.PublicPoint> DECODED =
            new java.util.concurrent.ConcurrentHashMap<>();

    static {
        // Precomputing BouncyCastle's tables here keeps the first verification from paying for it.
        Ed25519.precompute();
    }

    private Ed25519Strict() {}

    /** Whether {@code signature} is a valid, canonical signature of {@code message} by {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (rejection(publicKey, signature) != null) return false;
        Ed25519.PublicPoint point = decoded(publicKey);
        return point != null && Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    /**
     * The decoded key, from a small cache: a coordinator verifies many receipts of few nodes, and
     * decoding (a square root in the field) need not be repeated for each. Null when the bytes are not
     * a point on the curve. The cache is emptied when full rather than managed: simple and bounded.
     */
    private static Ed25519.PublicPoint decoded(byte[] publicKey) {
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(publicKey.clone());
        Ed25519.PublicPoint point = DECODED.get(key);
        if (point != null) return point;
        point = Ed25519.validatePublicKeyPartialExport(publicKey, 0);
        if (point == null) return null;
        if (DECODED.size() >= DECODED_MAX) DECODED.clear();
        DECODED.put(key, point);
        return point;
    }

    /**
     * Why the key or signature is refused before any curve arithmetic, or null when its encodings are
     * acceptable (the signature may still not verify).
     */
    static String rejection(byte[] publicKey, byte[] signature) {
        if (publicKey == null || publicKey.length != PUBLIC_KEY_SIZE) return "public key is not " + PUBLIC_KEY_SIZE + " bytes";
        if (signature == null || signature.length != SIGNATURE_SIZE) return "signature is not " + SIGNATURE_SIZE + " bytes";
        if (!lessThan(signature, 32, L_BYTES)) return "S is not below the group order";
        String key = pointProblem(publicKey, 0);
        if (key != null) return "public key " + key;
        String r = pointProblem(signature, 0);
        if (r != null) return "R " + r;
        return null;
    }

    private static String pointProblem(byte[] bytes, int offset) {
        byte[] y = new byte[32];
        System.arraycopy(bytes, offset, y, 0, 32);
        boolean sign = (y[31] & 0x80) != 0;
        y[31] &= 0x7f;
        if (!canonical(y)) return "is not a canonical encoding (y >= p)";
        if (sign && (java.util.Arrays.equals(y, ONE) || java.util.Arrays.equals(y, MINUS_ONE))) {
            return "is not a canonical encoding (x = 0 with the sign bit set)";
        }
        for (byte[] small : SMALL_ORDER_Y) {
            if (java.util.Arrays.equals(y, small)) return "has small order";
        }
        return null;
    }

    /** y (little-endian, top bit clear) is below p = 2^255 − 19. */
    private static boolean canonical(byte[] y) {
        if ((y[31] & 0x7f) != 0x7f) return true;
        for (int i = 30; i >= 1; i--) {
            if (y[i] != (byte) 0xff) return true;
        }
        return (y[0] & 0xff) < 0xed;
    }

    /** The 32 little-endian bytes at {@code bytes[offset]} are below {@code bound}. */
    private static boolean lessThan(byte[] bytes, int offset, byte[] bound) {
        for (int i = 31; i >= 0; i--) {
            int a = bytes[offset + i] & 0xff;
            int b = bound[i] & 0xff;
            if (a != b) return a < b;
        }
        return false;
    }

    static byte[] littleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < big.length; i++) out[i] = big[big.length - 1 - i];
        return out;
    }

    /**
     * y of the identity (1), the point of order 2 (−1), those of order 4 (0) and those of order 8:
     * doubling an order-8 point gives an order-4 point (y = 0), which on −x² + y² = 1 + d·x²·y² means
     * x² = −y², so d·y⁴ + 2y² − 1 = 0 and y² = (−1 ± √(1 + d)) / d, of which one root is a square.
     */
    private static List<byte[]> smallOrderYs() {
        BigInteger d = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
        BigInteger root = sqrt(BigInteger.ONE.add(d).mod(P));
        BigInteger dInverse = d.modInverse(P);
        List<byte[]> ys = new java.util.ArrayList<>(List.of(ONE, MINUS_ONE, new byte[32]));
        for (BigInteger candidate : List.of(root.subtract(BigInteger.ONE), root.negate().subtract(BigInteger.ONE))) {
            BigInteger ySquared = candidate.multiply(dInverse).mod(P);
            if (!isSquare(ySquared)) continue;
            BigInteger y = sqrt(ySquared);
            ys.add(littleEndian(y));
            ys.add(littleEndian(P.subtract(y)));
        }
        if (ys.size() != 5) throw new IllegalStateException("expected two y coordinates of order-8 points, found " + (ys.size() - 3));
        return List.copyOf(ys);
    }

    private static boolean isSquare(BigInteger a) {
        return a.signum() == 0 || a.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
    }

    /** A square root mod p (p ≡ 5 mod 8): a^((p+3)/8), times √−1 when that squares to −a. */
    private static BigInteger sqrt(BigInteger a) {
        BigInteger r = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (r.multiply(r).mod(P).equals(a.mod(P))) return r;
        BigInteger sqrtMinusOne = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
        r = r.multiply(sqrtMinusOne).mod(P);
        if (!r.multiply(r).mod(P).equals(a.mod(P))) throw new IllegalStateException("not a square mod p");
        return r;
    }
}
